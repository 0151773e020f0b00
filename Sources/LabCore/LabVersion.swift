/// The lab's own version, recorded in every report and every run's record.
public enum LabVersion {
    /// The version, e.g. `"0.1.0"`.
    public static let current = "0.1.0"
}
