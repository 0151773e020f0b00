/// OpenAI image generation, `POST /v1/images/generations`: a `data` list of one image per `n`; never streams.
///
/// The image is a URL nobody fetches (`response_format: "url"`, OpenAI's default for DALL·E), so the answer
/// stays small.
struct ImagesFormat: JSONAPIFormat {
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        [
            "model": .string(model), "prompt": .string(prompt ?? "A lighthouse on a cliff at dusk"),
            "n": 1, "size": "1024x1024",
        ]
    }

    func answer(to call: APICall, text: String) -> JSONValue {
        [
            "created": .int(call.created),
            "data": [["url": "https://images.invalid/lab.png", "revised_prompt": .string(text)]],
        ]
    }
}
