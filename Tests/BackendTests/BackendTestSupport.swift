import Foundation
@testable import LabCore
@testable import LabLoad
@testable import LabWire
import Testing

import LabTestSupport

#if canImport(Glibc)
    import Glibc
#endif

let chatRequest = """
    POST /v1/chat/completions HTTP/1.1\r
    Host: test\r
    Content-Type: application/json\r
    Content-Length: \(LoadPlan.originalChatBody.utf8.count)\r
    \r
    \(LoadPlan.originalChatBody)
    """
