/// OpenAI text to speech, `POST /v1/audio/speech`: the answer is audio (`audio/mpeg`), not JSON; never
/// streams.
struct SpeechFormat: APIFormat {
    /// One silent MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz, 417 bytes): the smallest real MP3, since
    /// nobody plays it.
    static let silentFrame: [UInt8] = [0xFF, 0xFB, 0x90, 0x64] + [UInt8](repeating: 0, count: 413)

    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["model": .string(model), "input": .string(prompt ?? "A lighthouse guides ships."), "voice": "alloy"]
    }

    func answerBody(to call: APICall, text: String) -> APIBody {
        APIBody(contentType: "audio/mpeg", bytes: Self.silentFrame)
    }
}
