/// OpenAI assistants, a run created on a thread, `POST /v1/threads/{thread_id}/runs`: a JSON request naming the
/// assistant, and the run object as the answer, to the create and to every poll (`GET .../runs/{run_id}`) alike.
///
/// The run is always `in_progress`: a client that polls until the run ends (the OpenAI SDK's `create_and_poll`,
/// which LiteLLM's proxy awaits for a non-streaming run) polls for as long as it goes on.
struct RunsFormat: JSONAPIFormat {
    /// The thread every lab run is created on (the backend keeps no threads: any id would do).
    static let threadID = "thread_lab"

    var namesModel: Bool { false }

    /// The run's own words ride in `additional_instructions`, which LiteLLM passes on to the provider: they
    /// carry an arrival token to the backend.
    func requestBody(model: String, stream: Bool, prompt: String?) -> JSONValue {
        ["assistant_id": "asst_lab", "additional_instructions": .string(prompt ?? "Hello!")]
    }

    /// A run still in progress; its id names the request that created it or polled it.
    func answer(to call: APICall, text: String) -> JSONValue {
        [
            "id": .string("run_lab-\(call.requestID)"), "object": "thread.run",
            "created_at": .int(call.created),
            "thread_id": .string(Self.threadID), "assistant_id": "asst_lab", "status": "in_progress",
            "model": "gpt-4o", "instructions": "", "tools": [], "metadata": [:],
        ]
    }
}
