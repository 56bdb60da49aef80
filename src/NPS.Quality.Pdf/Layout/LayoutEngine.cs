using System.Globalization;
using PdfSharp.Drawing;

namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// Lays blocks out top to bottom into <see cref="PageRecord"/>s: what to draw where, and the structure (tags) around
/// it, in reading order. Nothing is drawn here; <see cref="Painter"/> paints the pages once the layout is complete, so
/// what depends on the page count or on later pages (footers, contents page numbers, links) needs no second pass.
/// </summary>
internal sealed class LayoutEngine
{
    internal static readonly XColor Ink = XColor.FromArgb(33, 37, 41);
    internal static readonly XColor Muted = XColor.FromArgb(108, 117, 125);
    internal static readonly XColor Accent = XColor.FromArgb(31, 56, 100);
    internal static readonly XColor Rule = XColor.FromArgb(200, 205, 213);
    private static readonly XColor HeaderFill = XColor.FromArgb(226, 231, 239);
    private static readonly XColor ZebraFill = XColor.FromArgb(245, 247, 250);
    private static readonly XColor BarFill = XColor.FromArgb(79, 129, 189);
    private static readonly XColor ThresholdInk = XColor.FromArgb(192, 0, 0);
    private static readonly CultureInfo FrenchCulture = CultureInfo.GetCultureInfo("fr-FR");

    private const double CellPaddingX = 3;
    private const double CellPaddingY = 2;
    private const double CalloutPadding = 8;
    private const double BlockGap = 8;

    private readonly DocumentModel _model;
    private readonly PageSettings _settings;
    private readonly Typesetter _type;
    private readonly List<PageRecord> _pages = [];
    private readonly List<HeadingPlace> _headings = [];

    private double _y;

    private double Left => _settings.MarginLeft;
    private double Right => _settings.Width - _settings.MarginRight;
    private double TextWidth => Right - Left;
    private double Top => _settings.MarginTop;
    private double Bottom => _settings.Height - _settings.MarginBottom;
    private double PageBody => Bottom - Top;
    private FontKey Body => new(_settings.BodyFontSize);
    private bool AtPageTop => _y <= Top + 0.01;
    private List<Op> Ops => _pages[^1].Ops;

    public LayoutEngine(DocumentModel model, Typesetter type)
    {
        _model = model;
        _settings = model.Page;
        _type = type;
    }

    public IReadOnlyList<PageRecord> Pages => _pages;

    /// <summary>Every heading of the model, in order, with its page (1-based) and top.</summary>
    public IReadOnlyList<HeadingPlace> Headings => _headings;

    public void Run()
    {
        NewPage();
        var blocks = _model.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].KeepWithNext && blocks[i] is not Heading) KeepWithNext(i);
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
    }

    private void NewPage()
    {
        _pages.Add(new PageRecord());
        _y = Top;
    }

    private void EnsureRoom(double height)
    {
        if (_y + height > Bottom && !AtPageTop) NewPage();
    }

    private void KeepWithNext(int index)
    {
        var needed = MinimumHeight(index);
        if (needed <= PageBody) EnsureRoom(needed);
    }

    private void Begin(Tag tag, string? alt = null, XRect box = default, int target = -1, string? scope = null) =>
        Ops.Add(new BeginOp(tag, alt, box, target, scope));

    private void End() => Ops.Add(EndOp.Instance);

    // ---------- text ----------

    private void DrawLine(TextLine line, double x, double width, TextAlignment alignment, XColor color, bool artifact = false)
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
        if (extra == 0 && line.Fragments.Count > 1 && line.Fragments.All(f => f.Font == line.Fragments[0].Font))
        {
            // One string per line rather than per word: PDFsharp spends its time per DrawString call,
            // and a space is as wide in the string as in the measure.
            var text = string.Concat(line.Fragments.Select(f => f.SpaceBefore > 0 ? " " + f.Text : f.Text));
            Ops.Add(new TextOp(text, line.Fragments[0].Font, color, cursor, _y, artifact));
            return;
        }
        foreach (var fragment in line.Fragments)
        {
            if (fragment.SpaceBefore > 0) cursor += fragment.SpaceBefore + extra;
            if (fragment.Text.Length > 0)
                Ops.Add(new TextOp(fragment.Text, fragment.Font, color, cursor, _y + fragment.Rise, artifact));
            cursor += fragment.Width;
        }
    }

    private static double LineHeight(Typesetter type, TextLine line, FontKey fallback) =>
        line.Fragments.Count == 0 ? type.LineHeight(fallback) : line.Fragments.Max(f => type.LineHeight(f.Font.Size >= fallback.Size ? f.Font : fallback));

    private FontKey ParagraphFont(Paragraph paragraph) => Body with { Size = paragraph.FontSize ?? _settings.BodyFontSize };

    /// <summary>
    /// Lines go down the page; a page break never leaves the first line of a paragraph alone at the bottom (orphan)
    /// nor its last line alone at the top of the next page (widow), when the paragraph has enough lines to avoid it.
    /// </summary>
    private void LayParagraph(Paragraph paragraph, double x, double width, XColor? color = null)
    {
        var font = ParagraphFont(paragraph);
        var lines = _type.WrapRuns(paragraph.Runs, font, width);
        var heights = lines.Select(l => LineHeight(_type, l, font)).ToArray();
        Begin(Tag.P);
        var i = 0;
        while (i < lines.Count)
        {
            var fit = 0;
            var used = 0.0;
            while (i + fit < lines.Count && _y + used + heights[i + fit] <= Bottom + 0.01) used += heights[i + fit++];
            var remaining = lines.Count - i;
            // Only a paragraph starting mid-page can move; one that starts a page and is longer than it just flows on.
            if (fit < remaining && fit >= 1 && !AtPageTop)
            {
                if (fit == 1) fit = 0;                                   // orphan: the first line alone at the bottom
                else if (remaining - fit == 1) fit = fit - 1 >= 2 ? fit - 1 : 0; // widow: one line taken along to the next page
            }
            if (fit == 0 && AtPageTop) fit = 1; // a line taller than a page: draw it anyway
            for (var k = 0; k < fit; k++, i++)
            {
                DrawLine(lines[i], x, width, paragraph.Alignment, color ?? Ink);
                _y += heights[i];
            }
            if (i < lines.Count) NewPage();
        }
        End();
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
        var lines = _type.Wrap(heading.Text, font, TextWidth, hyphenate: false);
        return (atTop ? 0 : SpaceBefore(level)) + lines.Count * _type.LineHeight(font) + SpaceAfter(level);
    }

    /// <summary>
    /// The least height block i needs at the bottom of a page: a paragraph's first two lines, a table's header and two
    /// first rows, a whole key–value list or chart (kept together when they fit on a page), plus what it is kept with.
    /// </summary>
    private double MinimumHeight(int index)
    {
        if (index >= _model.Blocks.Count) return 0;
        var block = _model.Blocks[index];
        var own = block switch
        {
            Heading h => HeadingHeight(h, false),
            Paragraph p => ParagraphStart(p),
            Table t => TableStart(t),
            KeyValueList kv => Math.Min(GridHeight(KeyValueGrid(kv), KeyValueRows(kv)), PageBody),
            Callout => 2 * CalloutPadding + 2 * _type.LineHeight(Body),
            BarChart chart => ChartHeight(chart),
            TableOfContents => _type.LineHeight(HeadingFont(1)) + SpaceAfter(1) + _type.LineHeight(Body),
            Spacer s => s.Height,
            _ => 0,
        };
        var next = index + 1 < _model.Blocks.Count && _model.Blocks[index + 1] is not PageBreak && (block is Heading || block.KeepWithNext)
            ? MinimumHeight(index + 1) : 0;
        return own + next;
    }

    private double ParagraphStart(Paragraph p)
    {
        var font = ParagraphFont(p);
        var lines = _type.WrapRuns(p.Runs, font, TextWidth);
        // Two lines (no orphan), or the whole paragraph when it has three lines or fewer (no widow either).
        var count = lines.Count <= 3 ? lines.Count : 2;
        return lines.Take(count).Sum(l => LineHeight(_type, l, font));
    }

    private double TableStart(Table t)
    {
        var grid = TableGrid(t);
        var height = RowHeight(grid, grid.Header!, header: true);
        foreach (var row in t.Rows.Take(t.Rows.Count == 3 ? 3 : 2)) height += Math.Min(RowHeight(grid, row), PageBody / 3);
        return height;
    }

    private void LayHeading(Heading heading, int index)
    {
        var level = Math.Clamp(heading.Level, 1, 3);
        // Keep with next: the heading and the start of what follows must share a page.
        var next = index + 1 < _model.Blocks.Count && _model.Blocks[index + 1] is not PageBreak ? MinimumHeight(index + 1) : 0;
        if (!AtPageTop && _y + HeadingHeight(heading, false) + next > Bottom) NewPage();
        if (!AtPageTop) _y += SpaceBefore(level);

        var font = HeadingFont(level);
        var top = _y;
        Begin(level switch { 1 => Tag.H1, 2 => Tag.H2, _ => Tag.H3 });
        foreach (var line in _type.Wrap(heading.Text, font, TextWidth, hyphenate: false))
        {
            DrawLine(line, Left, TextWidth, TextAlignment.Left, Accent);
            _y += _type.LineHeight(font);
        }
        End();
        if (level == 1) Ops.Add(new LineOp(Accent, 0.8, Left, _y + 1, Right, _y + 1));
        _y += SpaceAfter(level);
        _headings.Add(new HeadingPlace(heading.Text, level, _pages.Count, top));
    }

    // ---------- tables and key/value lists ----------

    private sealed record Grid(double[] Widths, TextAlignment[] Alignments, FontKey[] Fonts, IReadOnlyList<string>? Header, FontKey HeaderFont, bool Zebra, bool Fill, bool KeyValue)
    {
        public double TotalWidth { get; } = Widths.Sum();
    }

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
            columns.Select(c => c.Header).ToArray(), font with { Bold = true }, table.Zebra, true, false);
    }

    private Grid KeyValueGrid(KeyValueList list)
    {
        var keyWidth = TextWidth * Math.Clamp(list.KeyWidthFraction, 0.1, 0.9);
        return new Grid([keyWidth, TextWidth - keyWidth], [TextAlignment.Left, TextAlignment.Left],
            [Body with { Bold = true }, Body], null, Body, false, false, true);
    }

    private static List<IReadOnlyList<string>> KeyValueRows(KeyValueList list) =>
        list.Items.Select(i => (IReadOnlyList<string>)[i.Key, i.Value]).ToList();

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

    private double RowHeight(Grid grid, List<TextLine>[] lines, bool header)
    {
        var height = 0.0;
        for (var c = 0; c < lines.Length; c++)
            height = Math.Max(height, lines[c].Count * _type.LineHeight(header ? grid.HeaderFont : grid.Fonts[c]));
        return height + 2 * CellPaddingY;
    }

    private double RowHeight(Grid grid, IReadOnlyList<string> cells, bool header = false) => RowHeight(grid, WrapRow(grid, cells, header), header);

    private double GridHeight(Grid grid, IReadOnlyList<IReadOnlyList<string>> rows) => rows.Sum(r => RowHeight(grid, r));

    private void LayTable(Table table)
    {
        if (table.Columns.Count == 0) return;
        LayGrid(TableGrid(table), table.Rows);
        _y += BlockGap;
    }

    /// <summary>A key–value list stays on one page when it fits on one.</summary>
    private void LayKeyValues(KeyValueList list)
    {
        var grid = KeyValueGrid(list);
        var rows = KeyValueRows(list);
        var height = GridHeight(grid, rows);
        if (height <= PageBody) EnsureRoom(height);
        LayGrid(grid, rows);
        _y += BlockGap;
    }

    /// <summary>
    /// Rows down the page, the header repeated (as an artifact) on every page. A page never ends on the header and
    /// fewer than two rows, and the last row of a table is not left alone on a new page.
    /// </summary>
    private void LayGrid(Grid grid, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var headerLines = grid.Header is null ? null : WrapRow(grid, grid.Header, true);
        var headerHeight = headerLines is null ? 0 : RowHeight(grid, headerLines, true);
        var wrapped = rows.Select(r => WrapRow(grid, r, false)).ToList();
        var heights = wrapped.Select(l => RowHeight(grid, l, false)).ToArray();

        var start = headerHeight + heights.Take(rows.Count == 3 ? 3 : 2).Sum(h => Math.Min(h, PageBody / 3));
        EnsureRoom(start);

        Begin(grid.KeyValue ? Tag.L : Tag.Table);
        if (headerLines is not null)
        {
            Begin(Tag.THead);
            DrawRow(grid, headerLines, 0, int.MaxValue, headerHeight, header: true, zebra: false, artifact: false);
            End();
            if (rows.Count > 0) Begin(Tag.TBody);
        }

        var rowsOnPage = 0;
        for (var r = 0; r < rows.Count; r++)
        {
            var lines = wrapped[r];
            var height = heights[r];
            var zebra = grid.Zebra && r % 2 == 1;

            // A row taller than a whole page would split anyway: start it here rather than leave a gap.
            var fitsOnAFreshPage = height <= PageBody - headerHeight;
            var breakHere = _y + height > Bottom && rowsOnPage > 0 && (fitsOnAFreshPage || Bottom - _y < PageBody / 4);
            // No widow row: when only the last row would go over, the one before it goes along.
            if (!breakHere && r == rows.Count - 2 && rowsOnPage >= 2 && _y + height <= Bottom && _y + height + heights[r + 1] > Bottom
                && heights[r + 1] + height <= PageBody - headerHeight)
                breakHere = true;
            if (breakHere)
            {
                ContinueGridOnNewPage(grid, headerLines, headerHeight);
                rowsOnPage = 0;
            }
            if (_y + height <= Bottom + 0.01)
            {
                DrawRow(grid, lines, 0, int.MaxValue, height, header: false, zebra, artifact: false);
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
                DrawRow(grid, lines, from, count, count * lineHeight + 2 * CellPaddingY, header: false, zebra, artifact: false);
                from += count;
                if (from < maxLines) ContinueGridOnNewPage(grid, headerLines, headerHeight);
            }
            rowsOnPage++;
        }
        if (headerLines is not null && rows.Count > 0) End(); // TBody
        End();
    }

    private void ContinueGridOnNewPage(Grid grid, List<TextLine>[]? headerLines, double headerHeight)
    {
        NewPage();
        if (headerLines is not null) DrawRow(grid, headerLines, 0, int.MaxValue, headerHeight, header: true, zebra: false, artifact: true);
    }

    private void DrawRow(Grid grid, List<TextLine>[] cells, int fromLine, int lineCount, double height, bool header, bool zebra, bool artifact)
    {
        var width = grid.TotalWidth;
        if (header && grid.Fill) Ops.Add(new RectOp(HeaderFill, null, 0, Left, _y, width, height));
        else if (zebra) Ops.Add(new RectOp(ZebraFill, null, 0, Left, _y, width, height));

        var top = _y;
        var x = Left;
        if (!artifact) Begin(grid.KeyValue ? Tag.LI : Tag.TR);
        for (var c = 0; c < cells.Length; c++)
        {
            var font = header ? grid.HeaderFont : grid.Fonts[c];
            var lineHeight = _type.LineHeight(font);
            _y = top + CellPaddingY;
            var end = (int)Math.Min(cells[c].Count, (long)fromLine + lineCount);
            if (!artifact)
            {
                if (grid.KeyValue) Begin(c == 0 ? Tag.Lbl : Tag.LBody);
                else if (header) Begin(Tag.TH, scope: "Column");
                else Begin(Tag.TD);
            }
            for (var l = fromLine; l < end; l++)
            {
                DrawLine(cells[c][l], x + CellPaddingX, grid.Widths[c] - 2 * CellPaddingX, grid.Alignments[c], Ink, artifact);
                _y += lineHeight;
            }
            if (!artifact) End();
            x += grid.Widths[c];
        }
        if (!artifact) End();
        _y = top + height;
        Ops.Add(header ? new LineOp(Muted, 0.6, Left, _y, Left + width, _y) : new LineOp(Rule, 0.4, Left, _y, Left + width, _y));
    }

    // ---------- callout ----------

    private void LayCallout(Callout callout)
    {
        var inner = TextWidth - 2 * CalloutPadding - 3;
        // (line, height, alignment, space after, paragraph index: -1 for the title)
        var items = new List<(TextLine Line, double Height, TextAlignment Alignment, double After, int Paragraph)>();
        if (callout.Title.Length > 0)
        {
            var font = Body with { Bold = true };
            var titleLines = _type.Wrap(callout.Title, font, inner);
            for (var i = 0; i < titleLines.Count; i++)
                items.Add((titleLines[i], _type.LineHeight(font), TextAlignment.Left, i == titleLines.Count - 1 ? 4 : 0, -1));
        }
        for (var p = 0; p < callout.Paragraphs.Count; p++)
        {
            var paragraph = callout.Paragraphs[p];
            var font = ParagraphFont(paragraph);
            var lines = _type.WrapRuns(paragraph.Runs, font, inner);
            for (var i = 0; i < lines.Count; i++)
                items.Add((lines[i], LineHeight(_type, lines[i], font), paragraph.Alignment,
                    i == lines.Count - 1 && p < callout.Paragraphs.Count - 1 ? paragraph.SpaceAfter : 0, p));
        }
        if (items.Count == 0) return;

        var (fill, border) = callout.Tone switch
        {
            CalloutTone.Information => (XColor.FromArgb(232, 240, 251), XColor.FromArgb(79, 129, 189)),
            CalloutTone.Warning => (XColor.FromArgb(253, 243, 224), XColor.FromArgb(214, 140, 20)),
            _ => (XColor.FromArgb(244, 245, 247), Rule),
        };

        EnsureRoom(2 * CalloutPadding + items.Take(2).Sum(i => i.Height));
        Begin(Tag.Div);
        var index = 0;
        var open = int.MinValue; // the paragraph whose P element is open
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
            Ops.Add(new RectOp(fill, border, 0.6, Left, _y, TextWidth, boxHeight));
            Ops.Add(new RectOp(border, null, 0, Left, _y, 3, boxHeight));
            var boxTop = _y;
            _y += CalloutPadding;
            for (var i = index; i < end; i++)
            {
                if (items[i].Paragraph != open)
                {
                    if (open != int.MinValue) End();
                    Begin(Tag.P);
                    open = items[i].Paragraph;
                }
                DrawLine(items[i].Line, Left + 3 + CalloutPadding, inner, items[i].Alignment, Ink);
                _y += items[i].Height + (i + 1 < end ? items[i].After : 0);
            }
            _y = boxTop + boxHeight;
            index = end;
            if (index < items.Count) NewPage();
        }
        if (open != int.MinValue) End();
        End();
        _y += BlockGap;
    }

    // ---------- chart ----------

    private double ChartHeight(BarChart chart) =>
        Math.Min(chart.Height, PageBody) + (chart.Caption.Length > 0 ? CaptionHeight(chart) : 0);

    private double CaptionHeight(BarChart chart)
    {
        var font = new FontKey(8, Italic: true);
        return _type.Wrap(chart.Caption, font, TextWidth).Count * _type.LineHeight(font) + 2;
    }

    private void LayChart(BarChart chart)
    {
        var height = Math.Min(chart.Height, PageBody);
        EnsureRoom(ChartHeight(chart));
        var top = _y;
        var label = new FontKey(7.5);
        var titleFont = Body with { Bold = true };
        var y = top;
        if (chart.Title.Length > 0)
        {
            _y = y;
            Begin(Tag.P);
            DrawLine(_type.Wrap(chart.Title, titleFont, TextWidth)[0], Left, TextWidth, TextAlignment.Left, Ink);
            End();
            y += _type.LineHeight(titleFont) + 2;
        }

        Begin(Tag.Figure, ChartAltText(chart), new XRect(Left, y, TextWidth, top + height - y));
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
        var (yMax, yStep) = NiceScale(bars.Count > 0 ? bars.Max(b => b.Value) : 0, chart.CountAxis);

        double X(double v) => plotLeft + (v - xMin) / (xMax - xMin) * (plotRight - plotLeft);
        double Y(double v) => plotBottom - v / yMax * (plotBottom - plotTop);

        for (var k = 0; k * yStep <= yMax + yStep / 2; k++)
        {
            var v = k * yStep;
            var yy = Y(v);
            if (v > 0) Ops.Add(new LineOp(Rule, 0.4, plotLeft, yy, plotRight, yy));
            var text = v.ToString("#,0.##", FrenchCulture); // one thousands separator, as everywhere
            Ops.Add(new TextOp(text, label, Muted, plotLeft - 4 - _type.Width(text, label), yy - labelHeight / 2));
        }

        foreach (var bar in bars)
        {
            var x0 = X(bar.From) + 0.5;
            var x1 = X(bar.To) - 0.5;
            var y0 = Y(Math.Max(0, bar.Value));
            if (x1 > x0 && plotBottom - y0 > 0) Ops.Add(new RectOp(BarFill, null, 0, x0, y0, x1 - x0, plotBottom - y0));
        }

        // Round tick values (1, 2 or 5 times a power of ten), as many as fit without crowding.
        var widest = _type.Width(xMax.ToString(chart.XLabelFormat, FrenchCulture), label) + 10;
        var maxTicks = Math.Clamp((int)((plotRight - plotLeft) / Math.Max(24, widest)), 2, 11);
        // Never finer than the narrowest bar: no "0,5" between whole days.
        var finest = bars.Count > 0 ? bars.Min(b => b.To - b.From) : 0;
        foreach (var tick in NiceTicks(xMin, xMax, maxTicks, finest))
        {
            var text = tick.ToString(chart.XLabelFormat, FrenchCulture);
            var w = _type.Width(text, label);
            var x = Math.Clamp(X(tick) - w / 2, plotLeft - 10, Right - w);
            Ops.Add(new LineOp(Ink, 0.8, X(tick), plotBottom, X(tick), plotBottom + 2));
            Ops.Add(new TextOp(text, label, Muted, x, plotBottom + 3));
        }
        Ops.Add(new LineOp(Ink, 0.8, plotLeft, plotBottom, plotRight, plotBottom));
        Ops.Add(new LineOp(Ink, 0.8, plotLeft, plotTop, plotLeft, plotBottom));

        if (chart.XAxisTitle.Length > 0)
        {
            _y = plotBottom + labelHeight + 5;
            DrawLine(_type.Wrap(chart.XAxisTitle, label, plotRight - plotLeft)[0], plotLeft, plotRight - plotLeft, TextAlignment.Center, Muted);
        }

        if (chart.Threshold is { } threshold)
        {
            var tx = X(threshold);
            Ops.Add(new LineOp(ThresholdInk, 1.2, tx, plotTop, tx, plotBottom, Dashed: true));
            if (chart.ThresholdLabel.Length > 0)
            {
                var bold = label with { Bold = true };
                var w = _type.Width(chart.ThresholdLabel, bold);
                var lx = tx + 3 + w <= plotRight ? tx + 3 : tx - 3 - w;
                Ops.Add(new TextOp(chart.ThresholdLabel, bold, ThresholdInk, lx, plotTop));
            }
        }
        End(); // Figure
        _y = top + height;
        if (chart.Caption.Length > 0)
        {
            var font = new FontKey(8, Italic: true);
            Begin(Tag.P);
            foreach (var line in _type.Wrap(chart.Caption, font, TextWidth))
            {
                DrawLine(line, Left, TextWidth, TextAlignment.Left, Muted);
                _y += _type.LineHeight(font);
            }
            End();
            _y += 2;
        }
        _y += BlockGap;
    }

    /// <summary>What a screen reader says instead of the drawing: the chart's own text, or its title, axes, threshold and bars.</summary>
    internal static string ChartAltText(BarChart chart)
    {
        if (chart.AltText.Length > 0) return chart.AltText;
        var parts = new List<string> { chart.Title.Length > 0 ? $"Histogramme : {chart.Title}." : "Histogramme." };
        if (chart.XAxisTitle.Length > 0 || chart.YAxisTitle.Length > 0)
            parts.Add($"En abscisse : {chart.XAxisTitle} ; en ordonnée : {chart.YAxisTitle}.");
        if (chart.Threshold is not null && chart.ThresholdLabel.Length > 0) parts.Add($"Ligne verticale : {chart.ThresholdLabel}.");
        var nonEmpty = chart.Bars.Where(b => b.Value != 0).ToList();
        parts.Add(nonEmpty.Count == 0 ? "Aucune valeur." : string.Join(" ; ", nonEmpty.Select(b =>
            $"de {b.From.ToString(chart.XLabelFormat, FrenchCulture)} à {b.To.ToString(chart.XLabelFormat, FrenchCulture)} : {b.Value.ToString("#,0.##", FrenchCulture)}")) + ".");
        return string.Join(" ", parts);
    }

    /// <summary>
    /// A round axis maximum and step (1, 2 or 5 times a power of ten) giving about five gridlines; on a count axis the
    /// step is a whole number, never a fraction (no "0,5 échantillon").
    /// </summary>
    internal static (double Max, double Step) NiceScale(double max, bool integer = false)
    {
        if (max <= 0) return integer ? (1, 1) : (1, 0.25);
        var step = NiceStep(max / 5);
        if (integer) step = Math.Max(1, Math.Round(step));
        return (Math.Ceiling(max / step - 1e-9) * step, step);
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        return new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= rough * (1 - 1e-9));
    }

    /// <summary>
    /// Multiples of one round step inside [min, max]: evenly spaced, at most <paramref name="maxTicks"/> of them, the step
    /// no finer than <paramref name="finest"/> (the narrowest bin).
    /// </summary>
    internal static IReadOnlyList<double> NiceTicks(double min, double max, int maxTicks, double finest = 0)
    {
        if (max <= min) return [min];
        var step = NiceStep(Math.Max((max - min) / Math.Max(1, maxTicks - 1), finest));
        while ((Math.Floor(max / step + 1e-9) - Math.Ceiling(min / step - 1e-9) + 1) > maxTicks) step = NiceStep(step * 1.01);
        var ticks = new List<double>();
        for (var k = (long)Math.Ceiling(min / step - 1e-9); k * step <= max + step * 1e-9; k++)
        {
            var tick = Math.Round(k * step, 10);
            ticks.Add(tick == 0 ? 0 : tick); // never "-0"
        }
        return ticks;
    }

    // ---------- table of contents ----------

    private void LayTableOfContents(TableOfContents toc)
    {
        var titleFont = HeadingFont(1);
        EnsureRoom(_type.LineHeight(titleFont) + SpaceAfter(1) + _type.LineHeight(Body));
        Begin(Tag.TOC);
        Begin(Tag.H1);
        foreach (var line in _type.Wrap(toc.Title, titleFont, TextWidth, hyphenate: false))
        {
            DrawLine(line, Left, TextWidth, TextAlignment.Left, Accent);
            _y += _type.LineHeight(titleFont);
        }
        End();
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
            var lines = _type.Wrap(heading.Text, font, width, hyphenate: false);
            var lineHeight = _type.LineHeight(font);
            var before = heading.Level == 1 ? 4 : 1;
            if (_y + before + lines.Count * lineHeight > Bottom) NewPage();
            else _y += before;
            Begin(Tag.TOCI);
            // The whole entry, title to page number, is the link's active area.
            Begin(Tag.Link, alt: $"{heading.Text}, page", box: new XRect(Left + indent, _y, TextWidth - indent, lines.Count * lineHeight), target: ordinal);
            for (var i = 0; i < lines.Count; i++)
            {
                DrawLine(lines[i], Left + indent, width, TextAlignment.Left, Ink);
                if (i == lines.Count - 1) Ops.Add(new TocNumberOp(ordinal, font, _y, Left + indent + lines[i].NaturalWidth));
                _y += lineHeight;
            }
            End();
            End();
        }
        End();
        _y += BlockGap;
    }
}
