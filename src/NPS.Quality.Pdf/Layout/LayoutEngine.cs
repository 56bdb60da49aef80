using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// Lays blocks out top to bottom, drawing straight onto PDFsharp pages. What depends on the final page
/// count or on later pages (footers, table-of-contents page numbers) is recorded and drawn afterwards:
/// PDFsharp lets us draw again on earlier pages, so one layout pass is enough.
/// </summary>
internal sealed class LayoutEngine : IDisposable
{
    private static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    private static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
    private static readonly XColor Accent = XColor.FromArgb(31, 56, 100);
    private static readonly XColor Rule = XColor.FromArgb(200, 205, 213);
    private static readonly XColor HeaderFill = XColor.FromArgb(226, 231, 239);
    private static readonly XColor ZebraFill = XColor.FromArgb(245, 247, 250);
    private static readonly XColor BarFill = XColor.FromArgb(79, 129, 189);
    private static readonly XColor ThresholdInk = XColor.FromArgb(192, 0, 0);

    private const double CellPaddingX = 3;
    private const double CellPaddingY = 2;
    private const double CalloutPadding = 8;
    private const double BlockGap = 8;

    private readonly PdfDocument _document;
    private readonly DocumentModel _model;
    private readonly PageSettings _settings;
    private readonly Typesetter _type = new();
    private readonly List<PdfPage> _pages = [];
    private readonly List<int> _headingPages = [];
    private readonly List<TocSlot> _tocSlots = [];
    private readonly PdfOutlineCollection?[] _outlineParents = new PdfOutlineCollection?[4];
    private readonly Dictionary<XColor, XSolidBrush> _brushes = [];

    private XGraphics? _gfx;
    private double _y;

    private double Left => _settings.MarginLeft;
    private double Right => _settings.Width - _settings.MarginRight;
    private double TextWidth => Right - Left;
    private double Top => _settings.MarginTop;
    private double Bottom => _settings.Height - _settings.MarginBottom;
    private FontKey Body => new(_settings.BodyFontSize);
    private bool AtPageTop => _y <= Top + 0.01;
    private XGraphics Gfx => _gfx ?? throw new InvalidOperationException("No page is open.");

    /// <summary>Where a table-of-contents entry waits for the page number of its heading.</summary>
    private readonly record struct TocSlot(int Page, double Y, int HeadingOrdinal, FontKey Font, double TextEnd);

    public LayoutEngine(PdfDocument document, DocumentModel model)
    {
        _document = document;
        _model = model;
        _settings = model.Page;
    }

    public int PageCount => _pages.Count;

    /// <summary>Page number (1-based) of each heading, in document order.</summary>
    public IReadOnlyList<int> HeadingPages => _headingPages;

    public void Run()
    {
        NewPage();
        var blocks = _model.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            switch (blocks[i])
            {
                case Heading h: LayHeading(h, i); break;
                case Paragraph p: LayParagraph(p, Left, TextWidth); break;
                case KeyValueList kv: LayKeyValues(kv); break;
                case Table t: LayTable(t); break;
                case Callout c: LayCallout(c); break;
                case BarChart chart: LayChart(chart); break;
                case TableOfContents toc: LayTableOfContents(toc); break;
                case Spacer s: _y = Math.Min(_y + s.Height, Bottom); break;
                case PageBreak: NewPage(); break;
                default: throw new NotSupportedException($"Block {blocks[i].GetType().Name} is not supported.");
            }
        }
        _gfx?.Dispose();
        _gfx = null;
        DrawDeferred();
    }

    private void NewPage()
    {
        _gfx?.Dispose();
        var page = _document.AddPage();
        page.Width = XUnit.FromPoint(_settings.Width);
        page.Height = XUnit.FromPoint(_settings.Height);
        _pages.Add(page);
        _gfx = XGraphics.FromPdfPage(page);
        _y = Top;
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom && !AtPageTop) NewPage();
    }

    // ---------- text ----------

    private XSolidBrush Brush(XColor color)
    {
        if (!_brushes.TryGetValue(color, out var brush)) _brushes[color] = brush = new XSolidBrush(color);
        return brush;
    }

    private void DrawLine(TextLine line, double x, double width, TextAlignment alignment, XColor color)
    {
        var extra = 0.0;
        var offset = 0.0;
        switch (alignment)
        {
            case TextAlignment.Justify when !line.IsLastOfParagraph && line.Gaps > 0:
                extra = Math.Max(0, width - line.NaturalWidth) / line.Gaps;
                // A line cut short by a long unbreakable word would be stretched into rivers: leave it ragged.
                if (extra > 3 * line.Fragments.First(f => f.SpaceBefore > 0).SpaceBefore) extra = 0;
                break;
            case TextAlignment.Center:
                offset = Math.Max(0, (width - line.NaturalWidth) / 2);
                break;
            case TextAlignment.Right:
                offset = Math.Max(0, width - line.NaturalWidth);
                break;
        }
        var cursor = x + offset;
        var brush = Brush(color);
        if (extra == 0 && line.Fragments.Count > 1 && line.Fragments.All(f => f.Font == line.Fragments[0].Font))
        {
            // One string per line rather than per word: PDFsharp spends its time per DrawString call,
            // and a space is as wide in the string as in the measure.
            var text = string.Concat(line.Fragments.Select(f => f.SpaceBefore > 0 ? " " + f.Text : f.Text));
            Gfx.DrawString(text, _type.Font(line.Fragments[0].Font), brush, cursor, _y, XStringFormats.TopLeft);
            return;
        }
        foreach (var fragment in line.Fragments)
        {
            if (fragment.SpaceBefore > 0) cursor += fragment.SpaceBefore + extra;
            if (fragment.Text.Length > 0)
                Gfx.DrawString(fragment.Text, _type.Font(fragment.Font), brush, cursor, _y, XStringFormats.TopLeft);
            cursor += fragment.Width;
        }
    }

    private static double LineHeight(Typesetter type, TextLine line, FontKey fallback) =>
        line.Fragments.Count == 0 ? type.LineHeight(fallback) : line.Fragments.Max(f => type.LineHeight(f.Font));

    private void LayParagraph(Paragraph paragraph, double x, double width, XColor? color = null)
    {
        var font = Body with { Size = paragraph.FontSize ?? _settings.BodyFontSize };
        var lines = _type.Wrap(paragraph.Runs, font, width);
        foreach (var line in lines)
        {
            var height = LineHeight(_type, line, font);
            if (_y + height > Bottom) NewPage();
            DrawLine(line, x, width, paragraph.Alignment, color ?? Ink);
            _y += height;
        }
        _y += paragraph.SpaceAfter;
    }

    // ---------- headings and keep-with-next ----------

    private static FontKey HeadingFont(int level) => level switch
    {
        1 => new FontKey(16, Bold: true),
        2 => new FontKey(13, Bold: true),
        _ => new FontKey(11, Bold: true),
    };

    private static double SpaceBefore(int level) => level switch { 1 => 16, 2 => 12, _ => 8 };
    private static double SpaceAfter(int level) => level switch { 1 => 8, 2 => 6, _ => 4 };

    private double HeadingHeight(Heading heading, bool atTop)
    {
        var level = Math.Clamp(heading.Level, 1, 3);
        var font = HeadingFont(level);
        var lines = _type.Wrap(heading.Text, font, TextWidth);
        return (atTop ? 0 : SpaceBefore(level)) + lines.Count * _type.LineHeight(font) + SpaceAfter(level);
    }

    /// <summary>The least height block i needs at the bottom of a page: its first line or row (a chart is indivisible).</summary>
    private double MinimumHeight(int index)
    {
        if (index >= _model.Blocks.Count) return 0;
        switch (_model.Blocks[index])
        {
            case Heading h: return HeadingHeight(h, false) + MinimumHeight(index + 1);
            case Paragraph p:
            {
                var font = Body with { Size = p.FontSize ?? _settings.BodyFontSize };
                var lines = _type.Wrap(p.Runs, font, TextWidth);
                return LineHeight(_type, lines[0], font);
            }
            case Table t:
            {
                var grid = TableGrid(t);
                var header = RowHeight(grid, grid.Header!);
                return header + (t.Rows.Count > 0 ? Math.Min(RowHeight(grid, t.Rows[0]), (Bottom - Top) / 3) : 0);
            }
            case KeyValueList kv:
                return kv.Items.Count == 0 ? 0 : Math.Min(RowHeight(KeyValueGrid(kv), [kv.Items[0].Key, kv.Items[0].Value]), (Bottom - Top) / 3);
            case Callout: return 2 * CalloutPadding + 2 * _type.LineHeight(Body);
            case BarChart chart: return chart.Height;
            case TableOfContents: return _type.LineHeight(HeadingFont(1)) + SpaceAfter(1) + _type.LineHeight(Body);
            case Spacer s: return s.Height;
            default: return 0;
        }
    }

    private void LayHeading(Heading heading, int index)
    {
        var level = Math.Clamp(heading.Level, 1, 3);
        // Keep with next: the heading and the first line or row of what follows must share a page.
        var next = index + 1 < _model.Blocks.Count && _model.Blocks[index + 1] is not PageBreak ? MinimumHeight(index + 1) : 0;
        if (!AtPageTop && _y + HeadingHeight(heading, false) + next > Bottom) NewPage();
        if (!AtPageTop) _y += SpaceBefore(level);

        var font = HeadingFont(level);
        var top = _y;
        foreach (var line in _type.Wrap(heading.Text, font, TextWidth))
        {
            DrawLine(line, Left, TextWidth, TextAlignment.Left, Accent);
            _y += _type.LineHeight(font);
        }
        if (level == 1)
            Gfx.DrawLine(new XPen(Accent, 0.8), Left, _y + 1, Right, _y + 1);
        _y += SpaceAfter(level);

        _headingPages.Add(_pages.Count);
        AddBookmark(heading.Text, level, top);
    }

    private void AddBookmark(string title, int level, double top)
    {
        var parent = level == 1 ? _document.Outlines : _outlineParents[level - 1] ?? _document.Outlines;
        var outline = parent.Add(title, _pages[^1], true);
        outline.PageDestinationType = PdfPageDestinationType.Xyz;
        outline.Left = 0;
        // Outline coordinates are PDF user space, whose origin is the bottom of the page.
        outline.Top = _settings.Height - top + 4;
        outline.Zoom = 0;
        _outlineParents[level] = outline.Outlines;
        for (var deeper = level + 1; deeper < _outlineParents.Length; deeper++) _outlineParents[deeper] = null;
    }

    // ---------- tables and key/value lists ----------

    private sealed record Grid(double[] Widths, TextAlignment[] Alignments, FontKey[] Fonts, IReadOnlyList<string>? Header, FontKey HeaderFont, bool Zebra, bool Fill)
    {
        public double TotalWidth { get; } = Widths.Sum();
    }

    private readonly XPen _headerRule = new(Muted, 0.6);
    private readonly XPen _rowRule = new(Rule, 0.4);

    private Grid TableGrid(Table table)
    {
        var font = Body with { Size = table.FontSize ?? _settings.BodyFontSize - 1 };
        var columns = table.Columns;
        var fixedTotal = columns.Where(c => c.Width.IsFixed).Sum(c => c.Width.Value);
        var weightTotal = columns.Where(c => !c.Width.IsFixed).Sum(c => c.Width.Value);
        var remaining = Math.Max(0, TextWidth - fixedTotal);
        var widths = columns.Select(c => c.Width.IsFixed ? c.Width.Value : weightTotal > 0 ? remaining * c.Width.Value / weightTotal : 0).ToArray();
        // Fixed widths wider than the page are scaled down rather than drawn past the margin.
        var total = widths.Sum();
        if (total > TextWidth) widths = widths.Select(w => w * TextWidth / total).ToArray();
        return new Grid(widths, columns.Select(c => c.Alignment).ToArray(), columns.Select(_ => font).ToArray(),
            columns.Select(c => c.Header).ToArray(), font with { Bold = true }, table.Zebra, true);
    }

    private Grid KeyValueGrid(KeyValueList list)
    {
        var keyWidth = TextWidth * Math.Clamp(list.KeyWidthFraction, 0.1, 0.9);
        return new Grid([keyWidth, TextWidth - keyWidth], [TextAlignment.Left, TextAlignment.Left],
            [Body with { Bold = true }, Body], null, Body, false, false);
    }

    private List<TextLine>[] WrapRow(Grid grid, IReadOnlyList<string> cells, bool header)
    {
        var result = new List<TextLine>[grid.Widths.Length];
        for (var c = 0; c < grid.Widths.Length; c++)
        {
            var text = c < cells.Count ? cells[c] ?? "" : "";
            result[c] = _type.Wrap(text, header ? grid.HeaderFont : grid.Fonts[c], Math.Max(1, grid.Widths[c] - 2 * CellPaddingX));
        }
        return result;
    }

    private double RowHeight(Grid grid, IReadOnlyList<string> cells, bool header = false)
    {
        var lines = WrapRow(grid, cells, header);
        var height = 0.0;
        for (var c = 0; c < lines.Length; c++)
            height = Math.Max(height, lines[c].Count * _type.LineHeight(header ? grid.HeaderFont : grid.Fonts[c]));
        return height + 2 * CellPaddingY;
    }

    private void LayTable(Table table)
    {
        if (table.Columns.Count == 0) return;
        var grid = TableGrid(table);
        LayGrid(grid, table.Rows);
        _y += BlockGap;
    }

    private void LayKeyValues(KeyValueList list)
    {
        var grid = KeyValueGrid(list);
        LayGrid(grid, list.Items.Select(i => (IReadOnlyList<string>)[i.Key, i.Value]).ToList());
        _y += BlockGap;
    }

    private void LayGrid(Grid grid, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var headerLines = grid.Header is null ? null : WrapRow(grid, grid.Header, true);
        var headerHeight = headerLines is null ? 0 : RowHeight(grid, grid.Header!, true);
        var firstRow = rows.Count > 0 ? Math.Min(RowHeight(grid, rows[0]), (Bottom - Top) / 3) : 0;
        EnsureRoom(headerHeight + firstRow);
        if (headerLines is not null) DrawRow(grid, headerLines, 0, int.MaxValue, headerHeight, header: true, zebra: false);

        var rowsOnPage = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var lines = WrapRow(grid, rows[r], false);
            var height = 0.0;
            for (var c = 0; c < lines.Length; c++) height = Math.Max(height, lines[c].Count * _type.LineHeight(grid.Fonts[c]));
            height += 2 * CellPaddingY;
            var zebra = grid.Zebra && r % 2 == 1;

            // A row taller than a whole page would split anyway: start it here rather than leave a gap.
            var fitsOnAFreshPage = height <= Bottom - Top - headerHeight;
            if (_y + height > Bottom && rowsOnPage > 0 && (fitsOnAFreshPage || Bottom - _y < (Bottom - Top) / 4))
            {
                ContinueGridOnNewPage(grid, headerLines, headerHeight);
                rowsOnPage = 0;
            }
            if (_y + height <= Bottom)
            {
                DrawRow(grid, lines, 0, int.MaxValue, height, header: false, zebra);
                rowsOnPage++;
                continue;
            }

            // Taller than what is left of a fresh page: split it between lines, never past the bottom.
            var lineHeight = grid.Fonts.Max(f => _type.LineHeight(f));
            var maxLines = lines.Max(l => l.Count);
            var from = 0;
            while (from < maxLines)
            {
                var fit = Math.Max(1, (int)Math.Floor((Bottom - _y - 2 * CellPaddingY) / lineHeight));
                var count = Math.Min(fit, maxLines - from);
                DrawRow(grid, lines, from, count, count * lineHeight + 2 * CellPaddingY, header: false, zebra);
                from += count;
                if (from < maxLines) ContinueGridOnNewPage(grid, headerLines, headerHeight);
            }
            rowsOnPage++;
        }
    }

    private void ContinueGridOnNewPage(Grid grid, List<TextLine>[]? headerLines, double headerHeight)
    {
        NewPage();
        if (headerLines is not null) DrawRow(grid, headerLines, 0, int.MaxValue, headerHeight, header: true, zebra: false);
    }

    private void DrawRow(Grid grid, List<TextLine>[] cells, int fromLine, int lineCount, double height, bool header, bool zebra)
    {
        var width = grid.TotalWidth;
        if (header && grid.Fill) Gfx.DrawRectangle(Brush(HeaderFill), Left, _y, width, height);
        else if (zebra) Gfx.DrawRectangle(Brush(ZebraFill), Left, _y, width, height);

        var top = _y;
        var x = Left;
        for (var c = 0; c < cells.Length; c++)
        {
            var font = header ? grid.HeaderFont : grid.Fonts[c];
            var lineHeight = _type.LineHeight(font);
            _y = top + CellPaddingY;
            var end = (int)Math.Min(cells[c].Count, (long)fromLine + lineCount);
            for (var l = fromLine; l < end; l++)
            {
                DrawLine(cells[c][l], x + CellPaddingX, grid.Widths[c] - 2 * CellPaddingX, grid.Alignments[c], Ink);
                _y += lineHeight;
            }
            x += grid.Widths[c];
        }
        _y = top + height;
        Gfx.DrawLine(header ? _headerRule : _rowRule, Left, _y, Left + width, _y);
    }

    // ---------- callout ----------

    private void LayCallout(Callout callout)
    {
        var inner = TextWidth - 2 * CalloutPadding - 3;
        var items = new List<(TextLine Line, double Height, TextAlignment Alignment, double After)>();
        if (callout.Title.Length > 0)
        {
            var font = Body with { Bold = true };
            var titleLines = _type.Wrap(callout.Title, font, inner);
            for (var i = 0; i < titleLines.Count; i++)
                items.Add((titleLines[i], _type.LineHeight(font), TextAlignment.Left, i == titleLines.Count - 1 ? 4 : 0));
        }
        for (var p = 0; p < callout.Paragraphs.Count; p++)
        {
            var paragraph = callout.Paragraphs[p];
            var font = Body with { Size = paragraph.FontSize ?? _settings.BodyFontSize };
            var lines = _type.Wrap(paragraph.Runs, font, inner);
            for (var i = 0; i < lines.Count; i++)
                items.Add((lines[i], LineHeight(_type, lines[i], font), paragraph.Alignment,
                    i == lines.Count - 1 && p < callout.Paragraphs.Count - 1 ? paragraph.SpaceAfter : 0));
        }
        if (items.Count == 0) return;

        var (fill, border) = callout.Tone switch
        {
            CalloutTone.Information => (XColor.FromArgb(232, 240, 251), XColor.FromArgb(79, 129, 189)),
            CalloutTone.Warning => (XColor.FromArgb(253, 243, 224), XColor.FromArgb(214, 140, 20)),
            _ => (XColor.FromArgb(244, 245, 247), Rule),
        };

        EnsureRoom(2 * CalloutPadding + items[0].Height);
        var index = 0;
        while (index < items.Count)
        {
            // The box is filled before its text is drawn, so measure this page's share of lines first.
            var available = Bottom - _y - 2 * CalloutPadding;
            var end = index;
            var used = 0.0;
            while (end < items.Count && (used + items[end].Height <= available || end == index))
            {
                used += items[end].Height + (end + 1 < items.Count ? items[end].After : 0);
                end++;
            }
            var boxHeight = used + 2 * CalloutPadding;
            Gfx.DrawRectangle(new XPen(border, 0.6), new XSolidBrush(fill), Left, _y, TextWidth, boxHeight);
            Gfx.DrawRectangle(new XSolidBrush(border), Left, _y, 3, boxHeight);
            var boxTop = _y;
            _y += CalloutPadding;
            for (var i = index; i < end; i++)
            {
                DrawLine(items[i].Line, Left + 3 + CalloutPadding, inner, items[i].Alignment, Ink);
                _y += items[i].Height + (i + 1 < end ? items[i].After : 0);
            }
            _y = boxTop + boxHeight;
            index = end;
            if (index < items.Count) NewPage();
        }
        _y += BlockGap;
    }

    // ---------- chart ----------

    private void LayChart(BarChart chart)
    {
        var height = Math.Min(chart.Height, Bottom - Top);
        EnsureRoom(height);
        var top = _y;
        var label = new FontKey(7.5);
        var titleFont = Body with { Bold = true };
        var g = Gfx;
        var y = top;
        if (chart.Title.Length > 0)
        {
            _y = y;
            DrawLine(_type.Wrap(chart.Title, titleFont, TextWidth)[0], Left, TextWidth, TextAlignment.Left, Ink);
            y += _type.LineHeight(titleFont) + 2;
        }
        if (chart.YAxisTitle.Length > 0)
        {
            _y = y;
            DrawLine(_type.Wrap(chart.YAxisTitle, label, TextWidth)[0], Left, TextWidth, TextAlignment.Left, Muted);
            y += _type.LineHeight(label) + 2;
        }

        var labelHeight = _type.LineHeight(label);
        var plotLeft = Left + 34;
        var plotRight = Right - 4;
        var plotTop = y + 4;
        var plotBottom = top + height - labelHeight - 4 - (chart.XAxisTitle.Length > 0 ? labelHeight + 2 : 0);

        var bars = chart.Bars;
        var xMin = bars.Count > 0 ? bars.Min(b => b.From) : 0;
        var xMax = bars.Count > 0 ? bars.Max(b => b.To) : 1;
        if (chart.Threshold is { } t) { xMin = Math.Min(xMin, t); xMax = Math.Max(xMax, t); }
        if (xMax <= xMin) xMax = xMin + 1;
        var (yMax, yStep) = NiceScale(bars.Count > 0 ? bars.Max(b => b.Value) : 0);

        double X(double v) => plotLeft + (v - xMin) / (xMax - xMin) * (plotRight - plotLeft);
        double Y(double v) => plotBottom - v / yMax * (plotBottom - plotTop);

        var gridPen = new XPen(Rule, 0.4);
        var axisPen = new XPen(Ink, 0.8);
        var labelBrush = new XSolidBrush(Muted);
        var labelFont = _type.Font(label);
        for (var v = 0.0; v <= yMax + yStep / 2; v += yStep)
        {
            var yy = Y(v);
            if (v > 0) g.DrawLine(gridPen, plotLeft, yy, plotRight, yy);
            var text = v.ToString("0.##", System.Globalization.CultureInfo.GetCultureInfo("fr-FR"));
            g.DrawString(text, labelFont, labelBrush, plotLeft - 4 - _type.Width(text, label), yy - labelHeight / 2, XStringFormats.TopLeft);
        }

        var barBrush = new XSolidBrush(BarFill);
        foreach (var bar in bars)
        {
            var x0 = X(bar.From) + 0.5;
            var x1 = X(bar.To) - 0.5;
            var y0 = Y(Math.Max(0, bar.Value));
            if (x1 > x0 && plotBottom - y0 > 0) g.DrawRectangle(barBrush, x0, y0, x1 - x0, plotBottom - y0);
        }

        // Tick labels at bin edges, thinned so that they never collide.
        var edges = bars.SelectMany(b => new[] { b.From, b.To }).Distinct().Order().ToList();
        var culture = System.Globalization.CultureInfo.GetCultureInfo("fr-FR");
        var lastRight = double.NegativeInfinity;
        foreach (var edge in edges)
        {
            var text = edge.ToString(chart.XLabelFormat, culture);
            var w = _type.Width(text, label);
            var x = Math.Clamp(X(edge) - w / 2, plotLeft - 10, Right - w);
            if (x < lastRight + 4) continue;
            g.DrawLine(axisPen, X(edge), plotBottom, X(edge), plotBottom + 2);
            g.DrawString(text, labelFont, labelBrush, x, plotBottom + 3, XStringFormats.TopLeft);
            lastRight = x + w;
        }
        g.DrawLine(axisPen, plotLeft, plotBottom, plotRight, plotBottom);
        g.DrawLine(axisPen, plotLeft, plotTop, plotLeft, plotBottom);

        if (chart.XAxisTitle.Length > 0)
        {
            _y = plotBottom + labelHeight + 5;
            DrawLine(_type.Wrap(chart.XAxisTitle, label, plotRight - plotLeft)[0], plotLeft, plotRight - plotLeft, TextAlignment.Center, Muted);
        }

        if (chart.Threshold is { } threshold)
        {
            var tx = X(threshold);
            g.DrawLine(new XPen(ThresholdInk, 1.2) { DashStyle = XDashStyle.Dash }, tx, plotTop, tx, plotBottom);
            if (chart.ThresholdLabel.Length > 0)
            {
                var w = _type.Width(chart.ThresholdLabel, label with { Bold = true });
                var lx = tx + 3 + w <= plotRight ? tx + 3 : tx - 3 - w;
                g.DrawString(chart.ThresholdLabel, _type.Font(label with { Bold = true }), new XSolidBrush(ThresholdInk), lx, plotTop, XStringFormats.TopLeft);
            }
        }
        _y = top + height + BlockGap;
    }

    /// <summary>A round axis maximum and step (1, 2 or 5 times a power of ten) giving four to eight gridlines.</summary>
    internal static (double Max, double Step) NiceScale(double max)
    {
        if (max <= 0) return (1, 0.25);
        var rough = max / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough);
        return (Math.Ceiling(max / step) * step, step);
    }

    // ---------- table of contents ----------

    private void LayTableOfContents(TableOfContents toc)
    {
        var titleFont = HeadingFont(1);
        EnsureRoom(_type.LineHeight(titleFont) + SpaceAfter(1) + _type.LineHeight(Body));
        foreach (var line in _type.Wrap(toc.Title, titleFont, TextWidth))
        {
            DrawLine(line, Left, TextWidth, TextAlignment.Left, Accent);
            _y += _type.LineHeight(titleFont);
        }
        _y += SpaceAfter(1);

        const double numberColumn = 36;
        var ordinal = -1;
        foreach (var heading in _model.Blocks.OfType<Heading>())
        {
            ordinal++;
            if (heading.Level > toc.MaxLevel) continue;
            var font = heading.Level == 1 ? Body with { Bold = true } : Body;
            var indent = (Math.Clamp(heading.Level, 1, 3) - 1) * 14;
            var width = TextWidth - indent - numberColumn;
            var lines = _type.Wrap(heading.Text, font, width);
            var lineHeight = _type.LineHeight(font);
            var before = heading.Level == 1 ? 4 : 1;
            if (_y + before + lines.Count * lineHeight > Bottom) NewPage();
            else _y += before;
            for (var i = 0; i < lines.Count; i++)
            {
                if (_y + lineHeight > Bottom) NewPage();
                DrawLine(lines[i], Left + indent, width, TextAlignment.Left, Ink);
                if (i == lines.Count - 1)
                    _tocSlots.Add(new TocSlot(_pages.Count - 1, _y, ordinal, font, Left + indent + lines[i].NaturalWidth));
                _y += lineHeight;
            }
        }
        _y += BlockGap;
    }

    // ---------- after layout: furniture and page numbers ----------

    private void DrawDeferred()
    {
        var small = new FontKey(8);
        var total = _pages.Count;
        var slotsByPage = _tocSlots.ToLookup(s => s.Page);
        for (var p = 0; p < total; p++)
        {
            var isCover = p == 0;
            var slots = slotsByPage[p];
            if (isCover && !slots.Any()) continue;
            using var g = XGraphics.FromPdfPage(_pages[p]);
            if (!isCover)
            {
                var brush = new XSolidBrush(Muted);
                var font = _type.Font(small);
                if (_model.HeaderText.Length > 0)
                {
                    var header = _type.Wrap(_model.HeaderText, small, TextWidth)[0];
                    var x = Left;
                    foreach (var f in header.Fragments)
                    {
                        x += f.SpaceBefore;
                        g.DrawString(f.Text, font, brush, x, Top - 26, XStringFormats.TopLeft);
                        x += f.Width;
                    }
                    g.DrawLine(new XPen(Rule, 0.5), Left, Top - 14, Right, Top - 14);
                }
                var footer = $"Page {p + 1} / {total}";
                g.DrawLine(new XPen(Rule, 0.5), Left, Bottom + 14, Right, Bottom + 14);
                g.DrawString(footer, font, brush, Right - _type.Width(footer, small), Bottom + 20, XStringFormats.TopLeft);
            }
            foreach (var slot in slots)
            {
                var number = _headingPages[slot.HeadingOrdinal].ToString(System.Globalization.CultureInfo.InvariantCulture);
                var width = _type.Width(number, slot.Font);
                var numberX = Right - width;
                // Dotted leader from the end of the title to the number.
                var leaderStart = slot.TextEnd + 6;
                var leaderEnd = numberX - 6;
                if (leaderEnd > leaderStart)
                {
                    var baseline = slot.Y + _type.LineHeight(slot.Font) * 0.75;
                    g.DrawLine(new XPen(Muted, 0.9) { LineCap = XLineCap.Round, DashPattern = [0.01, 3.5] }, leaderStart, baseline, leaderEnd, baseline);
                }
                g.DrawString(number, _type.Font(slot.Font), new XSolidBrush(Ink), numberX, slot.Y, XStringFormats.TopLeft);
            }
        }
    }

    public void Dispose()
    {
        _gfx?.Dispose();
        _type.Dispose();
    }
}
