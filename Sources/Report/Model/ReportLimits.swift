/// How much the report draws: a phase can last years (or `--now` can be far ahead), but the per-day
/// charts and tables cover at most the last `chartDays` days of it, so a report stays a few pages and
/// takes a moment; the chart says when it leaves days out. Gates are judged on their own windows, unaffected.
public enum ReportLimits {
    /// 366 days: a year of daily points, leap day included.
    public static let chartDays = 366
}
