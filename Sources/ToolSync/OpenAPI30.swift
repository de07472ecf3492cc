import Foundation
import OpenAPIKit
import OpenAPIKit30
import OpenAPIKitCompat

/// OpenAPI 3.0 documents, read with OpenAPIKit's 3.0 model and converted to 3.1 (a file of
/// its own: the two models share type names).
enum OpenAPI30 {
    /// Decodes a 3.0 document and converts it to 3.1.
    static func document(_ json: Data) throws -> OpenAPIKit.OpenAPI.Document {
        try JSONDecoder().decode(OpenAPIKit30.OpenAPI.Document.self, from: json).convert(to: .v3_1_1)
    }
}
