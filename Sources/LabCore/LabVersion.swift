/// The lab's own version, recorded in every report and every run's record.
package enum LabVersion {
    /// The version, e.g. `"0.1.0"`.
    package static let current = "0.1.0"
}
