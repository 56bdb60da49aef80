using System.Globalization;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;

namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// Paints laid-out pages in order, tagging as it goes (<see cref="Tagger"/>): every piece of text inside a structure
/// element (the tagged PDF's logical structure, in reading order), every rule, fill, running header and footer inside
/// an artifact. Pages are created here, one after the other; what depends on the page count or on later pages
/// (footers, contents page numbers, links) is known by then because the layout is recorded first.
/// </summary>
internal sealed class Painter
{
    private readonly PdfDocument _document;
    private readonly DocumentModel _model;
    private readonly PageSettings _settings;
    private readonly Typesetter _type;
    private readonly IReadOnlyList<HeadingPlace> _headings;
    private readonly Tagger _tagger;
    private readonly Dictionary<XColor, XSolidBrush> _brushes = [];
    private readonly Dictionary<(XColor, double, int), XPen> _pens = [];
    private readonly List<PdfPage> _pages = [];

    private readonly XPen _leaderPen = new(LayoutEngine.Muted, 1.1) { LineCap = XLineCap.Round, DashPattern = [0.01, 4 / 1.1 - 0.01] }; // in line widths: a dot every 4 pt
    private XGraphics _gfx = null!;
    private readonly TextOperators _text;
    private int _figures;

    public Painter(PdfDocument document, DocumentModel model, Typesetter type, IReadOnlyList<HeadingPlace> headings, Tagger tagger)
    {
        _document = document;
        _model = model;
        _settings = model.Page;
        _type = type;
        _headings = headings;
        _tagger = tagger;
        _text = new TextOperators(document, type, _settings.Height);
    }

    /// <summary>The pages, in order, once painted.</summary>
    public IReadOnlyList<PdfPage> Pages => _pages;

    public void Paint(IReadOnlyList<PageRecord> pages)
    {
        for (var p = 0; p < pages.Count; p++)
        {
            var page = _document.AddPage();
            page.Width = XUnit.FromPoint(_settings.Width);
            page.Height = XUnit.FromPoint(_settings.Height);
            _pages.Add(page);
            using (_gfx = XGraphics.FromPdfPage(page))
            {
                var content = _gfx.Internals.ContentStringBuilder ?? throw new InvalidOperationException("Not a PDF page's graphics.");
                _text.BeginPage(page, content);
                _tagger.BeginPage(page, content, _text);
                foreach (var op in pages[p].Ops) Paint(op);
                if (p > 0) PaintFurniture(p + 1, pages.Count);
                // Marked content cannot span pages: close it while this page's graphics still exist.
                _tagger.EndPage();
                _text.EndPage();
            }
        }
        _text.Finish();
        _tagger.Finish();
        AddBookmarks();
    }

    private void Paint(Op op)
    {
        switch (op)
        {
            case TextOp text:
                if (text.Artifact) _tagger.Artifact(text: true); else _tagger.Content(text: true);
                _text.Show(text.Text, text.Font, text.Color, text.X, text.Y);
                break;
            case RectOp rect:
                Decoration();
                var pen = rect.Stroke is { } stroke ? Pen(stroke, rect.StrokeWidth) : null;
                var brush = rect.Fill is { } fill ? Brush(fill) : null;
                if (pen is not null && brush is not null) _gfx.DrawRectangle(pen, brush, rect.X, rect.Y, rect.Width, rect.Height);
                else if (brush is not null) _gfx.DrawRectangle(brush, rect.X, rect.Y, rect.Width, rect.Height);
                else if (pen is not null) _gfx.DrawRectangle(pen, rect.X, rect.Y, rect.Width, rect.Height);
                break;
            case LineOp line:
                Decoration();
                _gfx.DrawLine(Pen(line.Color, line.Width, line.Dashed ? 1 : 0), line.X1, line.Y1, line.X2, line.Y2);
                break;
            case BeginOp begin:
                BeginElement(begin);
                break;
            case EndOp:
                if (_tagger.OpenRole == nameof(Tag.Figure)) _figures--;
                _tagger.End();
                break;
            case TocNumberOp number:
                PaintPageNumber(number);
                break;
            default:
                throw new NotSupportedException(op.GetType().Name);
        }
    }

    /// <summary>Rules and fills are artifacts, except inside a figure, where they are the figure.</summary>
    private void Decoration()
    {
        if (_figures > 0) _tagger.Content(text: false);
        else _tagger.Artifact(text: false);
    }

    private void BeginElement(BeginOp begin)
    {
        switch (begin.Tag)
        {
            case Tag.Figure:
                _tagger.Begin(nameof(Tag.Figure), alt: begin.Alt ?? "", box: PdfBox(begin.Box));
                _figures++;
                return;
            case Tag.Link:
                var target = _headings[begin.TargetHeading];
                var link = PdfLinkAnnotation.CreateDocumentLink(new PdfRectangle(PdfBox(begin.Box)), target.Page,
                    new XPoint(0, _settings.Height - target.Top + 4));
                link.Flags = PdfAnnotationFlags.Print; // PDF/A: annotations are printed
                // PDFsharp names every annotation with a random GUID: a name from the content keeps the bytes reproducible.
                link.Elements.SetString("/NM", $"sommaire-{begin.TargetHeading.ToString(CultureInfo.InvariantCulture)}");
                link.Elements.Remove("/M"); // "now", optional: left out

                // The annotation's text says where the link leads (PDF/UA); the element owns the annotation.
                link.Elements.SetString("/Contents", $"{begin.Alt} {target.Page.ToString(CultureInfo.InvariantCulture)}");
                _tagger.Begin(nameof(Tag.Link));
                _tagger.Annotation(link);
                return;
            default:
                _tagger.Begin(RoleNames[(int)begin.Tag], scope: begin.Scope);
                return;
        }
    }

    private static readonly string[] RoleNames = Enum.GetNames<Tag>();

    /// <summary>Layout boxes are measured from the top of the page; PDF's from the bottom.</summary>
    private XRect PdfBox(XRect box) => new(box.X, _settings.Height - box.Y - box.Height, box.Width, box.Height);

    private void PaintPageNumber(TocNumberOp slot)
    {
        var number = _headings[slot.HeadingOrdinal].Page.ToString(CultureInfo.InvariantCulture);
        var right = _settings.Width - _settings.MarginRight;
        var numberX = right - _type.Width(number, slot.Font);
        // Dot leader from the end of the title to the number: decoration, not text a screen reader should spell out.
        var leaderStart = slot.TextEnd + 6;
        var leaderEnd = numberX - 4;
        if (leaderEnd > leaderStart)
        {
            _tagger.Artifact(text: false);
            var baseline = slot.Y + _type.LineHeight(slot.Font) * 0.78;
            // One dashed line whose dashes have no length and round caps: a row of dots, drawn in one operation.
            // The dots sit on a grid measured from the right margin, so the leaders of every entry line up.
            const double pitch = 4;
            var first = right - 36 - pitch * Math.Floor((right - 36 - leaderStart) / pitch);
            if (first < leaderStart) first += pitch;
            var last = right - 36 - pitch * Math.Ceiling((right - 36 - leaderEnd) / pitch);
            if (last >= first) _gfx.DrawLine(_leaderPen, first, baseline, last + 0.01, baseline);
        }
        _tagger.Content(text: true);
        _text.Show(number, slot.Font, LayoutEngine.Ink, numberX, slot.Y);
    }

    /// <summary>Running header and "Page X / Y" footer: artifacts, on every page but the cover.</summary>
    private void PaintFurniture(int page, int total)
    {
        var left = _settings.MarginLeft;
        var right = _settings.Width - _settings.MarginRight;
        var top = _settings.MarginTop;
        var bottom = _settings.Height - _settings.MarginBottom;
        var small = new FontKey(8);
        var muted = LayoutEngine.Muted;
        if (_model.HeaderText.Length > 0)
        {
            _tagger.Artifact(text: true);
            var header = _type.Wrap(_model.HeaderText, small, right - left)[0];
            var x = left;
            foreach (var f in header.Fragments)
            {
                x += f.SpaceBefore;
                _text.Show(f.Text, f.Font, muted, x, top - 26 + f.Rise);
                x += f.Width;
            }
            _tagger.Artifact(text: false);
            _gfx.DrawLine(Pen(LayoutEngine.Rule, 0.5), left, top - 14, right, top - 14);
        }
        var footer = $"Page {page} / {total}";
        _tagger.Artifact(text: false);
        _gfx.DrawLine(Pen(LayoutEngine.Rule, 0.5), left, bottom + 14, right, bottom + 14);
        _tagger.Artifact(text: true);
        _text.Show(footer, small, muted, right - _type.Width(footer, small), bottom + 20);
        if (_model.FooterText.Length > 0)
        {
            // One line, left of the page number; what does not fit before it is cut.
            var line = _type.Wrap(_model.FooterText, small, right - left - _type.Width(footer, small) - 12)[0];
            var x = left;
            foreach (var f in line.Fragments)
            {
                x += f.SpaceBefore;
                _text.Show(f.Text, f.Font, muted, x, bottom + 20 + f.Rise);
                x += f.Width;
            }
        }
    }

    private void AddBookmarks()
    {
        var parents = new PdfOutlineCollection?[4];
        foreach (var heading in _headings)
        {
            var level = heading.Level;
            var parent = level == 1 ? _document.Outlines : parents[level - 1] ?? _document.Outlines;
            var outline = parent.Add(heading.Text, _pages[heading.Page - 1], true);
            outline.PageDestinationType = PdfPageDestinationType.Xyz;
            outline.Left = 0;
            // Outline coordinates are PDF user space, whose origin is the bottom of the page.
            outline.Top = _settings.Height - heading.Top + 4;
            outline.Zoom = 0;
            parents[level] = outline.Outlines;
            for (var deeper = level + 1; deeper < parents.Length; deeper++) parents[deeper] = null;
        }
    }

    private XSolidBrush Brush(XColor color)
    {
        if (!_brushes.TryGetValue(color, out var brush)) _brushes[color] = brush = new XSolidBrush(color);
        return brush;
    }

    /// <summary>Style 0 solid, 1 dashed.</summary>
    private XPen Pen(XColor color, double width, int style = 0)
    {
        if (_pens.TryGetValue((color, width, style), out var pen)) return pen;
        pen = new XPen(color, width);
        if (style == 1) pen.DashStyle = XDashStyle.Dash;
        _pens[(color, width, style)] = pen;
        return pen;
    }
}
