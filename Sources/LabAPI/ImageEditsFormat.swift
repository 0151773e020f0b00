/// OpenAI image editing, `POST /v1/images/edits`: a `multipart/form-data` request (the model, the prompt, an
/// image file) and image generation's answer; never streams.
struct ImageEditsFormat: JSONAPIFormat {
    /// A 1×1 grey PNG: the smallest real image, since nobody looks at it.
    static let onePixelPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00,
        0x00,
        0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00,
        0x00,
        0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0x48, 0xAF,
        0xA4,
        0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["model": .string(model), "prompt": .string(prompt ?? Self.prompt)]
    }

    func requestPayload(model: String, stream: Bool, prompt: String?) -> APIBody {
        APIBody(
            contentType: "multipart/form-data; boundary=\(MultipartForm.labBoundary)",
            bytes: MultipartForm.encode(
                fields: [("model", model), ("prompt", prompt ?? Self.prompt)],
                file: ("image", "lab.png", "image/png", Self.onePixelPNG), boundary: MultipartForm.labBoundary
            ))
    }

    /// The answer of image generation, which OpenAI gives for an edit too.
    func answer(to call: APICall, text: String) -> JSONValue {
        ImagesFormat().answer(to: call, text: text)
    }

    private static let prompt = "Add a lighthouse on the cliff"
}
