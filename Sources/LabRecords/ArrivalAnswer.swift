/// The backend's answer to `GET /arrivals?token=T`: whether the API request carrying arrival token T has
/// arrived, and when.
package struct ArrivalAnswer: Codable, Sendable, Equatable {
    /// The token asked about.
    package var token: String
    /// Whether a request carrying it has arrived.
    package var arrived: Bool
    /// The id of the first request that carried it (its record on `/requests`); nil when none arrived.
    package var id: Int?
    /// When that request arrived, Unix seconds on the backend's clock; nil when none arrived.
    package var arrivedAt: Double?

    /// An answer; see the properties for meanings.
    package init(token: String, arrived: Bool, id: Int? = nil, arrivedAt: Double? = nil) {
        self.token = token
        self.arrived = arrived
        self.id = id
        self.arrivedAt = arrivedAt
    }
}
