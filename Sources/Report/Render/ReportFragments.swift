/// Parts of the HTML report other pages reuse (the dashboard's cohort page): the daily metric charts and their style.
public enum ReportFragments {
    /// The "Metrics by day" section: one SVG chart per metric gate of the current phase, as the report draws it.
    public static func charts(_ r: CheckpointReport) -> String { HTMLSections.charts(r) }

    /// The report's stylesheet (charts, verdicts, tables).
    public static var css: String { ReportStyle.css }
}
