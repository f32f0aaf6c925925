import Foundation

/// A file's bytes as `Data`, memory-mapped when asked, with empty files answered
/// without reading them.
///
/// Why not `Data(contentsOf:options:)` alone: on Linux, swift-foundation reads a file
/// whose size is 0 into a 4 KiB `malloc`ed buffer (some `/proc` files report size 0 and
/// still have contents) and, when nothing was read, returns an empty `Data` without
/// freeing that buffer: 4 KiB lost per empty file, found by LeakSanitizer under
/// `make sanitize` (an empty extract is a case the completeness rules handle, so runs
/// and tests do read them). An empty regular file has nothing to map; anything else
/// (missing, a directory, unreadable) still goes to Foundation, which gives the error.
enum MappedFile {
    static func data(_ path: String, mapped: Bool = true) throws -> Data {
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           attributes[.type] as? FileAttributeType == .typeRegular,
           (attributes[.size] as? NSNumber)?.intValue == 0 {
            return Data()
        }
        return try Data(contentsOf: URL(fileURLWithPath: path), options: mapped ? .alwaysMapped : [])
    }
}
