/// The report's one stylesheet, inline so the page needs no other file, with a print
/// stylesheet for the paper copies scrutiny boards still read. Colours meet WCAG 2.2
/// AA: text at least 4.5:1 against its background, chart lines and borders at least 3:1.
///
/// It reflows (WCAG 2.2 1.4.10): at 320 CSS px, a phone or 400% zoom, nothing makes
/// the page scroll sideways. Wide tables scroll inside their own focusable region,
/// which is positioned, so the visually hidden text in their cells stays inside it;
/// their first column stays in view while they scroll and their caption wraps to the
/// screen. Checked by `make audit` (audit/audit.py) in headless Chromium.
/// (No `&` or `<` here: the page must stay well-formed XML.)
enum HTMLStyle {
    static let css = """
    :root { color-scheme: light; }
    * { box-sizing: border-box; }
    body { margin: 0 auto; max-width: 78rem; padding: 0 1rem 2rem; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 1rem; line-height: 1.45; color: #0b0c0c; background: #ffffff; }
    h1 { font-size: 1.9rem; margin: 0.5rem 0; line-height: 1.2; }
    h2 { font-size: 1.5rem; margin: 2rem 0 0.75rem; padding-top: 0.5rem; border-top: 4px solid #1d70b8; }
    h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
    a { color: #1d70b8; }
    a:visited { color: #4c2c92; }
    a:focus, .scroll:focus { outline: 3px solid #ffdd00; outline-offset: 0; box-shadow: 0 0 0 5px #0b0c0c; }
    a:focus { background: #ffdd00; color: #0b0c0c; text-decoration: none; }
    .skip { position: absolute; left: -9999px; }
    .skip:focus { position: static; display: inline-block; margin: 0.5rem 0; padding: 0.25rem 0.5rem; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0; }
    .status { margin: 1rem 0 0.5rem; padding: 0.5rem 0.75rem; border-left: 6px solid; }
    .status-internal { background: #fff4d6; border-color: #8a5a00; }
    .status-published { background: #e8f1f8; border-color: #1d70b8; }
    .lede { font-size: 1.1rem; margin: 0.25rem 0 1rem; }
    .contents ol { columns: 2 16rem; margin: 0; padding-left: 1.5rem; }
    .contents li { padding: 0.15rem 0; break-inside: avoid; }
    .contents h2 { border-top: 0; margin-top: 1rem; font-size: 1.2rem; }
    .scroll { position: relative; overflow-x: auto; max-width: 100%; margin: 0.5rem 0 0; }
    table { border-collapse: collapse; width: 100%; font-size: 0.9rem; font-variant-numeric: tabular-nums; }
    caption { position: sticky; left: 0; max-width: calc(100vw - 2rem); text-align: left; font-weight: 700; padding: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
    th, td { padding: 0.3rem 0.5rem; border-bottom: 1px solid #b1b4b6; vertical-align: top; text-align: left; }
    thead th { background: #f3f2f1; border-bottom: 2px solid #0b0c0c; vertical-align: bottom; }
    tbody th { font-weight: 400; }
    th.stub, tbody th[scope="row"] { position: sticky; left: 0; z-index: 1; background: #ffffff; box-shadow: inset -1px 0 0 #b1b4b6; min-width: 7rem; }
    thead th.stub { background: #f3f2f1; }
    tr.headline th, tr.headline td { font-weight: 700; }
    tr.group th { background: #f3f2f1; font-weight: 700; }
    .num { text-align: right; }
    td.num { white-space: nowrap; }
    thead th.period, thead th.earlier { text-align: center; border-bottom: 1px solid #505a5f; }
    .city { border-left: 2px solid #0b0c0c; font-weight: 700; }
    .earlier { border-left: 2px solid #b1b4b6; }
    .legend { font-size: 0.85rem; color: #505a5f; margin: 0.25rem 0 1rem; }
    .note { color: #505a5f; }
    .sym { font-family: ui-monospace, "DejaVu Sans Mono", monospace; text-decoration: underline dotted; cursor: help; }
    .rag { display: inline-block; min-width: 5.5rem; padding: 0.05rem 0.4rem; border: 2px solid #0b0c0c; border-radius: 0.2rem; font-weight: 700; text-align: center; white-space: nowrap; }
    .rag-green { background: #00703c; color: #ffffff; border-color: #00703c; }
    .rag-amber { background: #ffbf47; color: #0b0c0c; border-color: #8a5a00; }
    .rag-red { background: #b10e1e; color: #ffffff; border-color: #b10e1e; }
    .rag-none { background: #ffffff; color: #0b0c0c; border-style: dashed; border-color: #505a5f; font-weight: 400; }
    .rag-text { color: #0b0c0c; }
    .dot { white-space: nowrap; }
    .dot-better { color: #005a30; }
    .dot-worse { color: #942514; }
    .arrow { font-size: 0.8em; }
    .measure { border-top: 1px solid #b1b4b6; margin-top: 1.5rem; }
    .measure-head { display: flex; flex-wrap: wrap; gap: 1rem 2rem; align-items: flex-start; }
    .facts { margin: 0; flex: 1 1 20rem; min-width: 0; display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.2rem 1rem; }
    .facts div { display: contents; }
    .facts dt { font-weight: 700; }
    .facts dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
    .key { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 0.4rem 1rem; align-items: center; }
    .key div { display: contents; }
    .key dd { margin: 0; min-width: 0; }
    .commentary { margin: 0.75rem 0 1rem; padding: 0.25rem 0.75rem; border-left: 6px solid #1d70b8; background: #f3f2f1; max-width: 48rem; }
    .commentary h4 { margin: 0.25rem 0; font-size: 1rem; }
    .commentary p { margin: 0.25rem 0 0.5rem; overflow-wrap: anywhere; }
    .trend { margin: 0; flex: 0 1 19rem; min-width: 0; }
    .trend figcaption { font-size: 0.85rem; color: #505a5f; max-width: 19rem; }
    .chart { display: block; max-width: 100%; height: auto; }
    .chart .axis { stroke: #505a5f; stroke-width: 1; }
    .chart .grid { stroke: #b1b4b6; stroke-width: 1; stroke-dasharray: 3 3; }
    .chart .line { fill: none; stroke: #1d70b8; stroke-width: 2; }
    .chart .point { fill: #1d70b8; }
    .chart .current { fill: #0b0c0c; }
    .chart .target { stroke: #0b0c0c; stroke-width: 1.5; stroke-dasharray: 6 3; }
    .chart .break { fill: none; stroke: #0b0c0c; stroke-width: 1.5; }
    .chart .tick, .chart .gap { font-size: 10px; fill: #0b0c0c; font-family: system-ui, Arial, sans-serif; }
    pre { background: #f3f2f1; padding: 0.75rem; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.85rem; border-left: 4px solid #b1b4b6; }
    code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    .page-foot { margin-top: 3rem; border-top: 1px solid #b1b4b6; color: #505a5f; font-size: 0.85rem; }
    @media (max-width: 30rem) {
      body { padding: 0 0.75rem 2rem; }
      h1 { font-size: 1.6rem; }
      .facts, .key { grid-template-columns: minmax(0, 1fr); gap: 0 1rem; }
      .facts dd, .key dd { margin-bottom: 0.5rem; }
      caption { max-width: calc(100vw - 1.5rem); }
      th.stub, tbody th[scope="row"] { min-width: 6rem; max-width: 9rem; }
      thead th.period, thead th.earlier { text-align: left; }
    }
    @media print {
      @page { size: A4 landscape; margin: 12mm; }
      body { max-width: none; padding: 0; font-size: 9.5pt; }
      * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
      .skip, .contents { display: none; }
      a { color: #0b0c0c; text-decoration: none; }
      h2 { border-top-width: 2px; }
      /* Each section of measures and the appendix on a new page; the opening pages
         (how to read, at a glance) and the data quality run on, so the first page is full. */
      section.block:has(.measure) > h2, .appendix > h2 { break-before: page; }
      h2, h3, h4, caption { break-after: avoid; }
      .key { grid-template-columns: max-content minmax(0, 1fr) max-content minmax(0, 1fr); gap: 0.2rem 1rem; }
      .measure, .definition, .commentary, tr, figure { break-inside: avoid; }
      /* No row left alone: the header stays with the first rows, a group heading with
         its first row, and a table's first two and last two rows stay together. */
      thead, thead tr, tr.group, tbody tr:first-child { break-after: avoid; }
      thead + tbody tr:first-child, tbody tr:last-child { break-before: avoid; }
      .legend { break-before: avoid; }
      .scroll { overflow: visible; position: static; }
      caption, th.stub, tbody th[scope="row"] { position: static; max-width: none; box-shadow: none; }
      table { font-size: 8.5pt; }
      thead { display: table-header-group; }
      pre { white-space: pre-wrap; }
    }

    """
}
