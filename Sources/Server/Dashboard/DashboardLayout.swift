import Application
import Engine
import Report

/// The page around every dashboard view: landmarks (banner, navigation, main), a skip link, the signed-in person
/// with the logout form, the stylesheet (screen, phone, print) and a small script that reloads the page when the
/// journal head moves (the page works the same without it).
enum DashboardLayout {
    static func page(_ title: String, session: DashboardSession?, head: Int64? = nil, _ body: String) -> String {
        var out = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.e(title)) · migrate</title>
        <style>\(ReportFragments.css)\n\(css)</style>
        </head><body>
        <a class="skip" href="#main">Skip to content</a>
        <header role="banner"><nav aria-label="Main"><a class="brand" href="/dashboard">migrate dashboard</a>
        """
        if let session {
            out += "<span class=\"who\">\(HTML.e(session.principal.person)) · \(HTML.e(session.principal.role.rawValue))</span>"
            out += "<form method=\"post\" action=\"/dashboard/logout\" class=\"inline\">\(HTML.csrf(session.csrf))<button type=\"submit\">Log out</button></form>"
        }
        out += "</nav></header>\n<main id=\"main\" tabindex=\"-1\">\n<h1>\(HTML.e(title))</h1>\n\(body)\n</main>\n"
        if let head {
            out += "<script>(()=>{const h=\(head);setInterval(async()=>{try{const r=await fetch('/dashboard/head',{credentials:'same-origin'});"
            out += "if(r.ok){const j=await r.json();if(j.seq!==h&&!document.querySelector('form:focus-within'))location.reload();}}catch(e){}},5000);})();</script>\n"
        }
        return out + "</body></html>\n"
    }

    static let css = """
    main { max-width: 1200px; padding: 16px 24px 40px; }
    main:focus { outline: none; }
    header { background: #1d2430; color: #fff; padding: 8px 24px; }
    header nav { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; max-width: 1200px; margin: 0 auto; }
    header a, header .who { color: #fff; }
    .brand { font-weight: 700; margin-right: auto; }
    .skip { position: absolute; left: -9999px; } .skip:focus { left: 8px; top: 8px; background: #fff; color: #000; padding: 6px; z-index: 2; }
    a { color: #1a56b0; } a:focus, button:focus, input:focus, select:focus, textarea:focus { outline: 3px solid #f0a500; outline-offset: 2px; }
    form.inline { display: inline; }
    button, .button { font: inherit; padding: 6px 12px; border: 1px solid #1a56b0; background: #1a56b0; color: #fff; border-radius: 4px; cursor: pointer; text-decoration: none; display: inline-block; }
    button.secondary, .button.secondary { background: #fff; color: #1a56b0; }
    button:disabled { background: #8a93a3; border-color: #8a93a3; cursor: not-allowed; }
    label { display: block; font-weight: 600; margin: 10px 0 4px; }
    input[type=text], input[type=password], input[type=search], textarea, select { font: inherit; padding: 6px; width: 100%; max-width: 480px; border: 1px solid #5b6575; border-radius: 4px; }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(320px, 100%), 1fr)); gap: 14px; }
    .charts { grid-template-columns: repeat(auto-fill, minmax(min(480px, 100%), 1fr)); }
    .card { border: 1px solid #d8dde5; border-radius: 6px; padding: 12px 14px; }
    .card h2 { margin-top: 0; border: 0; }
    .split { display: flex; height: 22px; border: 1px solid #5b6575; border-radius: 4px; overflow: hidden; margin: 6px 0; }
    .split span { display: block; height: 100%; }
    .split .legacy { background: #5b6575; } .split .new { background: #1f7a3a; }
    .actions { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
    .notice { border-left: 6px solid #1a56b0; background: #eef3fb; padding: 10px 14px; margin: 10px 0; }
    .error { border-left: 6px solid #b3261e; background: #fbeeed; padding: 10px 14px; margin: 10px 0; }
    .pager { display: flex; gap: 12px; align-items: center; margin: 8px 0; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
    @media (max-width: 640px) {
      main { padding: 10px 12px 30px; } h1 { font-size: 21px; }
      .cards, .charts { grid-template-columns: minmax(0, 1fr); }
      dd, td { overflow-wrap: anywhere; }
      table { font-size: 12px; }
    }
    @media print {
      header, .actions, form, .skip, .pager, script { display: none !important; }
      main { max-width: none; padding: 0; } a { color: inherit; text-decoration: none; }
      .card { break-inside: avoid; }
    }
    """
}
