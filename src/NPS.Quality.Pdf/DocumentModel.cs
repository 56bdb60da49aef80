namespace NPS.Quality.Pdf;

/// <summary>
/// A document to render: metadata, page furniture and a flat list of blocks laid out top to bottom.
/// The first page is the cover: it carries neither the header text nor the "Page X / Y" footer.
/// </summary>
public sealed record DocumentModel
{
    public required string Title { get; init; }
    public string Author { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Keywords { get; init; } = "";
    public string Creator { get; init; } = "NPS Quality";

    /// <summary>Written as the PDF creation date. Supplied by the caller (a data snapshot instant), never "now", so output is reproducible.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Defaults to <see cref="CreatedAt"/>.</summary>
    public DateTimeOffset? ModifiedAt { get; init; }

    /// <summary>Small text at the top of every page but the cover.</summary>
    public string HeaderText { get; init; } = "";

    /// <summary>Small text at the bottom left of every page but the cover (a document reference, for instance), beside "Page X / Y".</summary>
    public string FooterText { get; init; } = "";

    public IReadOnlyList<Block> Blocks { get; init; } = [];

    /// <summary>
    /// Files carried inside the PDF (a data export, for instance): embedded files listed in the catalog's
    /// <c>/AF</c> and <c>/EmbeddedFiles</c>, which makes the file PDF/A-3b rather than PDF/A-2b.
    /// </summary>
    public IReadOnlyList<Attachment> Attachments { get; init; } = [];

    public PageSettings Page { get; init; } = new();
}

/// <param name="FileName">The name offered when the reader saves it ("echantillons.csv").</param>
/// <param name="Description">What it is, in French (shown by viewers, required by PDF/A-3).</param>
/// <param name="MimeType">"text/csv".</param>
/// <param name="Content">The bytes, carried unchanged.</param>
public sealed record Attachment(string FileName, string Description, string MimeType, byte[] Content);

/// <summary>A4 portrait, sizes in points (1/72 inch).</summary>
public sealed record PageSettings
{
    public double Width { get; init; } = 595.28;
    public double Height { get; init; } = 841.89;
    public double MarginLeft { get; init; } = 56.7;
    public double MarginRight { get; init; } = 56.7;
    public double MarginTop { get; init; } = 62;
    public double MarginBottom { get; init; } = 62;
    public double BodyFontSize { get; init; } = 10;
}

public enum TextAlignment { Left, Justify, Center, Right }

/// <summary>A piece of text with one style; a paragraph is a sequence of runs.</summary>
public sealed record TextRun(string Text, bool Bold = false, bool Italic = false)
{
    public static implicit operator TextRun(string text) => new(text);
}

public abstract record Block
{
    /// <summary>Keep this block (whole, if it fits on a page) on the same page as the start of the next one.</summary>
    public bool KeepWithNext { get; init; }
}

/// <summary>Levels 1 to 3. Every heading becomes a bookmark and a table-of-contents entry; it never ends a page alone.</summary>
public sealed record Heading(string Text, int Level = 1) : Block;

public sealed record Paragraph : Block
{
    public Paragraph() { }
    public Paragraph(string text) => Runs = [new TextRun(text)];
    public Paragraph(params TextRun[] runs) => Runs = runs;

    public IReadOnlyList<TextRun> Runs { get; init; } = [];
    public TextAlignment Alignment { get; init; } = TextAlignment.Justify;
    /// <summary>Null means the page's body size.</summary>
    public double? FontSize { get; init; }
    public double SpaceAfter { get; init; } = 6;
}

public sealed record KeyValueList : Block
{
    public KeyValueList() { }
    public KeyValueList(params (string Key, string Value)[] items) => Items = items;

    public IReadOnlyList<(string Key, string Value)> Items { get; init; } = [];
    /// <summary>Share of the text width given to the keys.</summary>
    public double KeyWidthFraction { get; init; } = 0.35;
}

/// <summary>A fraction of the width left over by fixed columns, or a fixed width in points.</summary>
public readonly record struct ColumnWidth(double Value, bool IsFixed)
{
    public static ColumnWidth Fraction(double weight) => new(weight, false);
    public static ColumnWidth Fixed(double points) => new(points, true);
}

public sealed record TableColumn(string Header, ColumnWidth Width, TextAlignment Alignment = TextAlignment.Left)
{
    public TableColumn(string header, double fraction = 1, TextAlignment alignment = TextAlignment.Left)
        : this(header, ColumnWidth.Fraction(fraction), alignment) { }
}

/// <summary>The header row is repeated on every page the table spans; cells wrap; rows split only between lines.</summary>
public sealed record Table : Block
{
    public required IReadOnlyList<TableColumn> Columns { get; init; }
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; init; } = [];
    public bool Zebra { get; init; } = true;
    /// <summary>Null means slightly smaller than the body text.</summary>
    public double? FontSize { get; init; }
}

public enum CalloutTone { Neutral, Information, Warning }

/// <summary>A framed box with an optional bold title, for disclaimers and summaries.</summary>
public sealed record Callout : Block
{
    public string Title { get; init; } = "";
    public IReadOnlyList<Paragraph> Paragraphs { get; init; } = [];
    public CalloutTone Tone { get; init; } = CalloutTone.Neutral;
}

/// <summary>One bar over [From, To) on a numeric axis: a histogram bin.</summary>
public sealed record Bar(double From, double To, double Value);

/// <summary>
/// A histogram drawn as vectors, with an optional vertical threshold line on the x axis. Tagged as a figure whose
/// alternative text is <see cref="AltText"/> or, when empty, the title, axes, threshold and every bar's value.
/// </summary>
public sealed record BarChart : Block
{
    /// <summary>The text equivalent read by screen readers instead of the drawing.</summary>
    public string AltText { get; init; } = "";
    /// <summary>A sentence under the chart (which bin the threshold falls in, for instance); part of the text, not of the figure.</summary>
    public string Caption { get; init; } = "";
    /// <summary>Values are counts: the y axis then has whole-number ticks only.</summary>
    public bool CountAxis { get; init; } = true;
    public string Title { get; init; } = "";
    public required IReadOnlyList<Bar> Bars { get; init; }
    public string XAxisTitle { get; init; } = "";
    public string YAxisTitle { get; init; } = "";
    public double? Threshold { get; init; }
    public string ThresholdLabel { get; init; } = "";
    /// <summary>Format of the x tick labels (round values chosen for the axis, not the bin edges).</summary>
    public string XLabelFormat { get; init; } = "#,0.##";
    public double Height { get; init; } = 180;
}

public sealed record PageBreak : Block;

/// <summary>Vertical white space; on a cover, for instance.</summary>
public sealed record Spacer(double Height) : Block;

/// <summary>Lists the headings up to <see cref="MaxLevel"/> with the page each one starts on.</summary>
public sealed record TableOfContents : Block
{
    public string Title { get; init; } = "Sommaire";
    public int MaxLevel { get; init; } = 2;
}
