/// The HTML report's inline stylesheet: readable on screen and printed, no web fonts, no network.
enum ReportStyle {
    static let css = """
    :root { --ink: #1d2430; --muted: #5b6575; --line: #d8dde5; --pass: #1f7a3a; --fail: #b3261e; --pending: #a15c00; --blue: #1f5fbf; }
    * { box-sizing: border-box; }
    body { font: 14px/1.45 -apple-system, "Segoe UI", "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; background: #fff; }
    main { max-width: 1100px; margin: 0 auto; padding: 28px 32px 48px; }
    h1 { font-size: 26px; margin: 0 0 4px; }
    h2 { font-size: 19px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
    h3 { font-size: 15px; margin: 20px 0 6px; }
    p, ul, ol { margin: 6px 0; }
    .subtitle { color: var(--muted); margin: 0 0 18px; }
    .decision { border-left: 8px solid var(--muted); background: #f4f6f9; padding: 14px 18px; margin: 12px 0; font-size: 16px; }
    .decision strong { display: block; font-size: 21px; margin-bottom: 4px; }
    .decision.ready, .decision.completed { border-color: var(--pass); background: #eef7f0; }
    .decision.not-ready { border-color: var(--fail); background: #fbeeed; }
    .decision.not-yet-known { border-color: var(--pending); background: #fdf4e6; }
    .nodata { border: 2px dashed var(--pending); padding: 12px 16px; margin: 12px 0; background: #fffaf0; font-size: 15px; }
    table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 12.5px; }
    th, td { text-align: left; vertical-align: top; padding: 4px 7px; border-bottom: 1px solid var(--line); }
    th { background: #f0f2f5; font-weight: 600; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    td.time { font-variant-numeric: tabular-nums; }
    .nowrap { white-space: nowrap; }
    .scroll { overflow-x: auto; }
    tr.phase-row td { background: #f7f8fa; font-weight: 600; }
    .verdict { font-weight: 700; white-space: nowrap; }
    .verdict.pass { color: var(--pass); } .verdict.fail { color: var(--fail); } .verdict.pending { color: var(--pending); }
    .flag { color: var(--fail); font-weight: 700; }
    .muted { color: var(--muted); }
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 18px; }
    figure { margin: 0; border: 1px solid var(--line); padding: 10px 12px 8px; break-inside: avoid; }
    figcaption { font-weight: 600; margin-bottom: 4px; }
    .legend { font-size: 12px; color: var(--muted); margin-top: 2px; }
    .key { display: inline-block; width: 18px; height: 0; border-top: 3px solid; vertical-align: middle; margin: 0 4px 0 10px; }
    .key.group { border-color: var(--blue); } .key.control { border-color: #8a929e; } .key.threshold { border-top: 2px dashed var(--fail); }
    svg.chart { width: 100%; height: auto; display: block; }
    svg .axis { stroke: #7b8494; stroke-width: 1; } svg .grid { stroke: #e6e9ee; stroke-width: 1; }
    svg .tick { font-size: 11px; fill: var(--muted); }
    svg .bad { fill: #b3261e; fill-opacity: 0.07; }
    svg .threshold { stroke: var(--fail); stroke-width: 1.5; stroke-dasharray: 6 4; }
    svg .threshold-label { font-size: 11px; fill: var(--fail); }
    svg .group { fill: none; stroke: var(--blue); stroke-width: 2.2; } svg .group-dot { fill: var(--blue); }
    svg .control { fill: none; stroke: #8a929e; stroke-width: 1.8; stroke-dasharray: 2 2; } svg .control-dot { fill: #8a929e; }
    .coverage table { width: auto; min-width: 60%; }
    td.criterion { min-width: 170px; }
    .bar { display: inline-block; height: 8px; background: var(--blue); vertical-align: middle; }
    .bar.fleet { background: #cfd5de; } .bar .bar { display: block; }
    td.kind { white-space: nowrap; }
    .gap td { color: var(--fail); }
    ol.steps { margin: 2px 0 10px 0; }
    .verify.ok { color: var(--pass); font-weight: 600; } .verify.bad { color: var(--fail); font-weight: 700; }
    footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
    @media print {
      @page { size: A4; margin: 14mm 12mm; }
      body { font-size: 10.5pt; }
      main { max-width: none; padding: 0; }
      h2 { break-after: avoid; } h3 { break-after: avoid; }
      table { font-size: 7.5pt; } tr, figure, .decision { break-inside: avoid; }
      th, td { padding: 3px 4px; } td.num, td.time { white-space: nowrap; } td.criterion { min-width: 0; }
      td { overflow-wrap: break-word; } .scroll { overflow: visible; }
      .charts { grid-template-columns: 1fr; } figure { padding: 6px; max-width: 15cm; }
      .decision, .nodata, th, tr.phase-row td, .bar, svg .bad { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
