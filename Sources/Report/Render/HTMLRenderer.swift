/// The report as one self-contained HTML file (placeholder until the full renderer lands).
public enum HTMLRenderer {
    public static func render(_ r: CheckpointReport) -> String {
        "<!doctype html><meta charset=utf-8><pre>" + HTMLEscape.text(MarkdownRenderer.render(r)) + "</pre>\n"
    }
}
