/// Canonical codes the city model works in; each extract spells them its own way.
enum Locality { static let names = ["North & Riverside", "East/West", "Coalfields", "City Centre"] }
/// VCM, CSC, School, Health, Police, Self, Other (FRAMEWORK.md order).
enum Route { static let csc = 1, school = 2, health = 3, police = 4, other = 6 }
/// Outcomes met, Stepped up, Stepped down, Disengaged, Moved out, Consent withdrawn.
enum EndReason { static let outcomesMet = 0, steppedUp = 1, movedOut = 4 }

/// Every fixed value the ten extracts hold, as the bytes each file writes: Windows-1252
/// for MAT, UTF-8 elsewhere, quoted only where the value needs it. Built once per run.
final class ExtractVocabulary {
    let arena = ByteArena()

    // MAT (Windows-1252, `;`)
    let matLocality: [[Piece]]        // per locality: [clean, variants...]
    let matLocalityUnmapped: [Piece]  // XX, OOA, blank
    let matRoute: [Piece]
    let matEndReason: [Piece]
    let matAgency: [[Piece]]          // per canonical agency: the free-text spellings
    let matAgencyChoice: [WeightedChoice]

    // EHM (UTF-8, RFC 4180)
    let ehmRoute: [Piece]
    let ehmLocality: [Piece]
    let ehmLocalityUnmapped: [Piece]  // blank, Out of Area
    let ehmEndReason: [Piece]
    let ehmAgency: [Piece]
    let ehmNotes: [Piece]
    let ehmNotesChoice: WeightedChoice

    // person_xref
    let systems: [Piece]              // MAT, EHM, CSC, ECAF

    // CSC
    let cscType: [Piece]              // CIN, CPP, CLA
    let cscLocality: [Piece]          // 1..4
    let cscLocalityUnmapped: [Piece]  // blank, 99

    // feedback
    let teams: [[Piece]]              // per locality: hand-typed spellings
    let teamsUnmapped: [Piece]
    let answers: [Piece]              // Yes, Y, yes, No, N, Not answered, blank
    let positiveAnswer: WeightedChoice   // over answers
    let negativeAnswer: WeightedChoice
    let comments: [Piece]

    // spider
    let stages: [Piece]               // Start, Review, End
    let domains: [Piece]

    // eCAF (ASCII, `|`)
    let ecafAgency: [Piece]           // SCHOOL, HEALTH, EARLY HELP, POLICE, VCS
    let ecafAgencyOdd: [Piece]        // blank, other text, other spellings
    let ecafLocality: [Piece]
    let ecafLocalityUnmapped: [Piece] // blank, OUT OF AREA

    // reference tables and Priority Families (canonical names)
    let localityNames: [Piece]
    let criteria: [Piece]
    let criteriaUnknown: [Piece]

    init() {
        let a = arena
        let semicolon = UInt8(ascii: ";")
        func mat(_ s: String) -> Piece { a.field(s, delimiter: semicolon, encoding: ByteArena.windows1252) }
        func csv(_ s: String) -> Piece { a.field(s) }

        matLocality = ["NR", "EW", "CF", "CC"].map { code in
            let lower = code.lowercased()
            return [code, code + " ", " " + lower, lower, lower + " ", " " + code].map(mat)
        }
        matLocalityUnmapped = ["XX", "OOA", ""].map(mat)
        matRoute = ["VCM", "CSC", "SCHOOL", "HEALTH", "POLICE", "SELF", "OTHER"].map(mat)
        matEndReason = ["OM", "SU", "SD", "DE", "MO", "RF"].map(mat)
        matAgency = [
            ["Early Help Service", "EH Service", "Early Help"],
            ["School", "Primary School", "Secondary School"],
            ["Health Visitor", "HV"],
            ["School Nurse"],
            ["Children\u{2019}s Centre", "Childrens Centre"],
            ["Voluntary Sector", "VCS \u{2013} Caf\u{E9} Hope"],
        ].map { $0.map(mat) }
        matAgencyChoice = [[1, 1, 1], [1, 1, 1.1], [0.45, 0.55], [1], [0.54, 0.46], [0.45, 0.55]].map(WeightedChoice.init)

        ehmRoute = ["Vulnerable Children's Meeting", "Children's Social Care", "School", "Health", "Police", "Self/Family", "Other"].map(csv)
        ehmLocality = Locality.names.map { csv($0 + " Locality") }
        ehmLocalityUnmapped = ["", "Out of Area"].map(csv)
        ehmEndReason = ["Outcomes met", "Stepped up to CSC", "Stepped down to universal services", "Disengaged", "Moved out of area", "Consent withdrawn"].map(csv)
        ehmAgency = ["Early Help Service", "School", "Health Visitor", "School Nurse", "Children\u{2019}s Centre", "Voluntary Sector"].map(csv)
        ehmNotes = [
            "",
            "School attendance 82%, improving",
            "Home visit done.\nFollow-up agreed with dad, 2 weeks",
            "Worker: \"really positive\" session,\r\nnext steps agreed",
            "Mum said \"we are coping\", review in 6 weeks",
            "Concerns re: housing, debt, routines",
            "Caf\u{E9} group attended \u{2014} positive",
            "Family engaged well, see plan",
            "Referred on to CAMHS; awaiting appt",
            "TAF meeting held.\r\nActions: \"school to monitor\", GP letter",
        ].map(csv)
        ehmNotesChoice = WeightedChoice([17, 12, 12, 11, 10, 10, 10, 9, 8, 4])

        systems = ["MAT", "EHM", "CSC", "ECAF"].map(csv)

        cscType = ["CIN", "CPP", "CLA"].map(csv)
        cscLocality = ["1", "2", "3", "4"].map(csv)
        cscLocalityUnmapped = ["", "99"].map(csv)

        teams = ExtractVocabulary.teamSpellings().map { $0.map(csv) }
        teamsUnmapped = ["Duty Team", "", "Family Support", "duty team "].map(csv)
        answers = ["Yes", "Y", "yes", "No", "N", "Not answered", ""].map(csv)
        positiveAnswer = WeightedChoice([34, 26, 30, 0, 0, 6, 4])
        negativeAnswer = WeightedChoice([0, 0, 0, 50, 40, 6, 4])
        comments = [
            "", "Thank you", "Not sure it helped", "Would like more evening sessions, please",
            "She said \"call anytime\", and did", "Brilliant worker \u{1F44D}", "Slow to start,\nbut got there",
            "Very helpful, listened to us",
        ].map(csv)

        stages = ["Start", "Review", "End"].map(csv)
        domains = ["Routines", "Parenting", "Confidence", "Health", "Education", "Relationships", "Home Conditions", "Finances"].map(csv)

        ecafAgency = ["SCHOOL", "HEALTH", "EARLY HELP", "POLICE", "VCS"].map { a.utf8($0) }
        ecafAgencyOdd = ["", "OTHER", "PARENT/CARER", "school", "Early Help "].map { a.utf8($0) }
        ecafLocality = ["NORTH AND RIVERSIDE", "EAST WEST", "COALFIELDS", "CITY CENTRE"].map { a.utf8($0) }
        ecafLocalityUnmapped = ["", "OUT OF AREA"].map { a.utf8($0) }

        localityNames = Locality.names.map(csv)
        criteria = [
            "Youth crime", "ASB", "Poor school attendance", "Frequent temporary exclusions",
            "Children not on school roll", "Children who need help", "Worklessness", "Domestic abuse", "Health",
        ].map(csv)
        criteriaUnknown = ["Crime/ASB", "Education"].map(csv)
    }

    /// Team names as admin staff type them: any case, `&` or `and`, spaces around `/`,
    /// with or without `Locality` or `Team`, stray spaces at either end.
    private static func teamSpellings() -> [[String]] {
        let stems = [["North & Riverside", "North and Riverside"], ["East/West", "East / West"], ["Coalfields"], ["City Centre"]]
        let suffixes = ["", " Locality", " Team", " LOCALITY", " team"]
        let pads = [("", ""), (" ", ""), ("", " "), ("", "  "), (" ", " ")]
        return stems.map { forms in
            var out: [String] = []
            for form in forms {
                for text in [form, form.uppercased(), form.lowercased()] {
                    for suffix in suffixes {
                        for (lead, trail) in pads { out.append(lead + text + suffix + trail) }
                    }
                }
            }
            return out
        }
    }
}
