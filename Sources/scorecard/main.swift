import Foundation
import Scorecard

exit(ScorecardCommand.main(Array(CommandLine.arguments.dropFirst())))
