using PdfSharp.Drawing;

namespace NPS.Quality.Pdf.Layout;

/// <summary>Structure types of the tagged PDF (ISO 32000-1, 14.8.4), as the layout uses them.</summary>
internal enum Tag { P, H1, H2, H3, L, LI, Lbl, LBody, Table, THead, TBody, TR, TH, TD, TOC, TOCI, Link, Figure, Div }

/// <summary>
/// One drawing or structure operation, recorded during layout and painted once the layout is complete: by then the
/// page count and every heading's page are known, so footers and contents page numbers are painted in page order,
/// the only order PDFsharp's structure builder accepts.
/// </summary>
internal abstract record Op;

/// <summary>Text at (X, Y) = top left. Artifact text (running header, footer, repeated table headers) is outside the structure.</summary>
internal sealed record TextOp(string Text, FontKey Font, XColor Color, double X, double Y, bool Artifact = false) : Op;

/// <summary>A filled and/or stroked rectangle; an artifact unless drawn inside a figure.</summary>
internal sealed record RectOp(XColor? Fill, XColor? Stroke, double StrokeWidth, double X, double Y, double Width, double Height) : Op;

/// <summary>A line; an artifact unless drawn inside a figure.</summary>
internal sealed record LineOp(XColor Color, double Width, double X1, double Y1, double X2, double Y2, bool Dashed = false) : Op;

/// <summary>Opens a structure element. Figures carry their alternative text and box; links their target heading and active area.</summary>
internal sealed record BeginOp(Tag Tag, string? Alt = null, XRect Box = default, int TargetHeading = -1, string? Scope = null) : Op;

internal sealed record EndOp : Op
{
    public static readonly EndOp Instance = new();
}

/// <summary>The page number of a heading, right-aligned at the text width, with a dot leader from <see cref="TextEnd"/>.</summary>
internal sealed record TocNumberOp(int HeadingOrdinal, FontKey Font, double Y, double TextEnd) : Op;

/// <summary>A page being laid out: its operations in reading order.</summary>
internal sealed class PageRecord
{
    public List<Op> Ops { get; } = [];
}

/// <summary>A heading's place, for bookmarks and links.</summary>
internal readonly record struct HeadingPlace(string Text, int Level, int Page, double Top);
