/// OpenAI speech to text, `POST /v1/audio/transcriptions`: a `multipart/form-data` request (the model, the
/// answer's format, an audio file) and a JSON answer; never streams (here).
struct TranscriptionFormat: JSONAPIFormat {
    /// A WAV file of no samples (16 kHz, 16-bit mono): the smallest real audio, since nobody listens.
    static let emptyWAV: [UInt8] =
        Array("RIFF".utf8) + [36, 0, 0, 0] + Array("WAVEfmt ".utf8) + [16, 0, 0, 0, 1, 0, 1, 0]
        + [0x80, 0x3E, 0, 0, 0, 0x7D, 0, 0, 2, 0, 16, 0] + Array("data".utf8) + [0, 0, 0, 0]

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["model": .string(model), "response_format": "json"]
    }

    func requestPayload(model: String, stream: Bool, prompt: String?) -> APIBody {
        var fields: [(name: String, value: String)] = [("model", model), ("response_format", "json")]
        // Whisper's `prompt` field carries what the user asks, when there is something to ask.
        if let prompt { fields.append(("prompt", prompt)) }
        return APIBody(
            contentType: "multipart/form-data; boundary=\(MultipartForm.labBoundary)",
            bytes: MultipartForm.encode(
                fields: fields,
                file: ("file", "lab.wav", "audio/wav", Self.emptyWAV), boundary: MultipartForm.labBoundary))
    }

    /// Whisper's `verbose_json` fields, a superset of `json`'s (LiteLLM 1.61.20 asks for `verbose_json`).
    func answer(to call: APICall, text: String) -> JSONValue {
        ["text": .string(text), "language": "english", "duration": .double(1.0), "segments": []]
    }
}
