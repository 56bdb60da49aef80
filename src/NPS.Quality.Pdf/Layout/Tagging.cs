using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Annotations;

namespace NPS.Quality.Pdf.Layout;

/// <summary>A structure element of the tagged PDF, kept as plain objects until the file is written.</summary>
internal sealed class StructElement(string role, StructElement? parent)
{
    public string Role { get; } = role;
    public StructElement? Parent { get; } = parent;

    /// <summary><see cref="StructElement"/>, <see cref="MarkedContentRef"/> or <see cref="AnnotationRef"/>, in reading order.</summary>
    public List<object> Kids { get; } = [];

    public string? Alt { get; init; }

    /// <summary>In PDF user space (origin at the bottom left), for figures.</summary>
    public XRect? BoundingBox { get; init; }

    /// <summary>"Column" or "Row", for header cells.</summary>
    public string? Scope { get; init; }

    /// <summary>Index of the first page the element has content on: its <c>/Pg</c>.</summary>
    public int Page { get; set; } = -1;

    /// <summary>Object number, assigned when the tree is written.</summary>
    public int Number { get; set; }
}

/// <summary>Marked content <paramref name="Mcid"/> on page <paramref name="Page"/> (0-based).</summary>
internal readonly record struct MarkedContentRef(int Page, int Mcid);

/// <summary>An annotation owned by a structure element (a link), with its key in the parent tree.</summary>
internal sealed class AnnotationRef(PdfAnnotation annotation, int page, StructElement owner)
{
    public PdfAnnotation Annotation { get; } = annotation;
    public int Page { get; } = page;
    public StructElement Owner { get; } = owner;
    public int ParentTreeKey { get; set; } = -1;
}

/// <summary>
/// Tags page content the way ISO 32000-1 §14.7–14.8 asks (and PDF/UA needs): every piece of content either inside a
/// marked-content sequence with an MCID that belongs to a structure element, or inside an <c>/Artifact</c> sequence.
/// The marked-content operators go straight into the page's content stream; the structure tree is kept as plain
/// objects and written by <see cref="StructureWriter"/> after the document is saved.
/// <para>
/// This replaces PDFsharp 6.2.4's <c>UAManager</c>/<c>StructureBuilder</c>, which produce the same structure but make
/// every element a PDFsharp indirect object and search the parent tree with LINQ at every MCID: the tagged internal
/// dossier spent about half of its render time there and in saving those objects.
/// </para>
/// Sequences and text objects (<c>q BT … ET Q</c>, written by <see cref="TextOperators"/>) nest: a sequence of text is
/// opened inside the text object, so that the cells of a table row or the entries of the contents share one text object;
/// a sequence of drawing is opened outside any. Content of the other kind in the same element ends the sequence, and a
/// new one (a new MCID) follows.
/// </summary>
internal sealed class Tagger
{
    private readonly List<StructElement> _stack = [];
    private readonly List<List<StructElement>> _parents = []; // per page: the element of each MCID
    private readonly List<AnnotationRef> _annotations = [];
    private TextOperators? _text;
    private StringBuilder? _content;
    private PdfPage? _page;
    private int _pageIndex = -1;

    private enum Open { None, Artifact, Element }
    private Open _open;
    private bool _openInText; // the open sequence lies inside the text object
    private StructElement? _openElement;

    public Tagger() => Document = new StructElement("Document", null);

    public StructElement Document { get; }

    /// <summary>Per page, the element of each MCID (the parent tree's arrays).</summary>
    public IReadOnlyList<List<StructElement>> Parents => _parents;

    public IReadOnlyList<AnnotationRef> Annotations => _annotations;

    private StructElement Current => _stack.Count > 0 ? _stack[^1] : Document;

    public void BeginPage(PdfPage page, StringBuilder content, TextOperators text)
    {
        _page = page;
        _content = content;
        _text = text;
        _pageIndex++;
        _parents.Add([]);
    }

    /// <summary>Closes what is open: marked content cannot span pages. Call while the page's graphics still exist.</summary>
    public void EndPage()
    {
        Close();
        _text!.Close();
        if (_parents[_pageIndex].Count > 0) _page!.Elements.SetInteger("/StructParents", _pageIndex);
        _text = null;
        _content = null;
    }

    public StructElement Begin(string role, string? alt = null, XRect? box = null, string? scope = null)
    {
        Close();
        var element = new StructElement(role, Current) { Alt = alt, BoundingBox = box, Scope = scope };
        Current.Kids.Add(element);
        _stack.Add(element);
        return element;
    }

    public void End()
    {
        if (_stack.Count == 0) throw new InvalidOperationException("End without Begin.");
        Close();
        _stack.RemoveAt(_stack.Count - 1);
    }

    public int Depth => _stack.Count;

    public string? OpenRole => _stack.Count > 0 ? _stack[^1].Role : null;

    /// <summary>Before drawing artifact content (decoration, running header, footer, repeated table header).</summary>
    /// <param name="text">True before text, false before PDFsharp draws (rules, fills).</param>
    public void Artifact(bool text)
    {
        if (_open == Open.Artifact && _openInText == text) return;
        Close();
        Mode(text);
        _content!.Append("/Artifact BMC\n");
        _open = Open.Artifact;
    }

    /// <summary>Before drawing content of the innermost open element.</summary>
    /// <param name="text">True before text, false before PDFsharp draws (a figure's bars and axes).</param>
    public void Content(bool text)
    {
        var element = _stack.Count > 0 ? _stack[^1] : throw new InvalidOperationException("Content outside the document structure.");
        if (_open == Open.Element && _openElement == element && _openInText == text) return;
        Close();
        Mode(text);
        var parents = _parents[_pageIndex];
        var mcid = parents.Count;
        parents.Add(element);
        element.Kids.Add(new MarkedContentRef(_pageIndex, mcid));
        if (element.Page < 0) element.Page = _pageIndex;
        _content!.Append('/').Append(element.Role).Append("<</MCID ").Append(mcid.ToString(CultureInfo.InvariantCulture)).Append(">>BDC\n");
        _open = Open.Element;
        _openElement = element;
    }

    /// <summary>A sequence of text opens inside a text object; one of drawing, outside.</summary>
    private void Mode(bool text)
    {
        if (text) _text!.Open();
        else _text!.Close();
        _openInText = text;
    }

    /// <summary>Adds a link annotation to the current page, owned by the innermost open element (a <c>Link</c>).</summary>
    public void Annotation(PdfAnnotation annotation)
    {
        var element = Current;
        _page!.Annotations.Add(annotation);
        // PDF/UA: the tab order of a page with annotations follows the structure.
        _page.Elements.SetName("/Tabs", "/S");
        var reference = new AnnotationRef(annotation, _pageIndex, element); // keyed in Finish
        _annotations.Add(reference);
        element.Kids.Add(reference);
        if (element.Page < 0) element.Page = _pageIndex;
    }

    /// <summary>Once every page is painted: the annotations' keys in the parent tree follow the pages'.</summary>
    public void Finish()
    {
        if (_stack.Count > 0) throw new InvalidOperationException($"Unbalanced structure: {_stack[^1].Role} left open.");
        for (var i = 0; i < _annotations.Count; i++)
        {
            _annotations[i].ParentTreeKey = _parents.Count + i;
            _annotations[i].Annotation.Elements.SetInteger("/StructParent", _annotations[i].ParentTreeKey);
        }
    }

    /// <summary>Ends the open sequence, if any; the text object it lies in stays open for the next one.</summary>
    private void Close()
    {
        if (_open == Open.None) return;
        _content!.Append("EMC\n");
        _open = Open.None;
        _openElement = null;
    }
}

/// <summary>
/// Writes the structure tree kept by <see cref="Tagger"/> as PDF objects, once the document is saved and the page and
/// annotation object numbers are final: the root (in place of the placeholder object the catalog points to), the
/// <c>Document</c> element and its descendants, and the parent tree.
/// </summary>
internal static class StructureWriter
{
    public static PdfFinisher.ExtraObjects Write(Tagger tagger, int rootNumber, IReadOnlyList<int> pageNumbers, int firstFree)
    {
        var next = firstFree;
        var parentTree = next++;
        var order = new List<StructElement>();
        void Number(StructElement element)
        {
            element.Number = next++;
            order.Add(element);
            foreach (var kid in element.Kids)
                if (kid is StructElement child) Number(child);
        }
        Number(tagger.Document);

        var objects = new List<string>(order.Count + 1);
        var b = new StringBuilder(256);

        // The parent tree: one array per page (the element of each MCID), then each annotation's element.
        b.Append("<</Nums[");
        for (var page = 0; page < tagger.Parents.Count; page++)
        {
            var parents = tagger.Parents[page];
            if (parents.Count == 0) continue;
            b.Append(' ').Append(page.ToString(CultureInfo.InvariantCulture)).Append('[');
            for (var i = 0; i < parents.Count; i++)
            {
                if (i > 0) b.Append(' ');
                Ref(b, parents[i].Number);
            }
            b.Append(']');
        }
        foreach (var annotation in tagger.Annotations)
        {
            b.Append(' ').Append(annotation.ParentTreeKey.ToString(CultureInfo.InvariantCulture)).Append(' ');
            Ref(b, annotation.Owner.Number);
        }
        b.Append("]>>");
        objects.Add(b.ToString());

        foreach (var element in order)
        {
            b.Clear();
            b.Append("<</Type/StructElem/S/").Append(element.Role).Append("/P ");
            Ref(b, element.Parent?.Number ?? rootNumber);
            if (element.Page >= 0)
            {
                b.Append("/Pg ");
                Ref(b, pageNumbers[element.Page]);
            }
            if (element.Alt is { } alt)
            {
                b.Append("/Alt");
                Text(b, alt);
            }
            if (element.BoundingBox is { } box)
                b.Append("/A<</O/Layout/BBox[").Append(Num(box.X)).Append(' ').Append(Num(box.Y)).Append(' ')
                    .Append(Num(box.X + box.Width)).Append(' ').Append(Num(box.Y + box.Height)).Append("]>>");
            if (element.Scope is { } scope) b.Append("/A<</O/Table/Scope/").Append(scope).Append(">>");
            if (element.Kids.Count > 0)
            {
                b.Append("/K");
                b.Append(element.Kids.Count > 1 ? "[" : " ");
                for (var i = 0; i < element.Kids.Count; i++)
                {
                    if (i > 0) b.Append(' ');
                    switch (element.Kids[i])
                    {
                        case StructElement child:
                            Ref(b, child.Number);
                            break;
                        case MarkedContentRef mc when mc.Page == element.Page:
                            b.Append(mc.Mcid.ToString(CultureInfo.InvariantCulture));
                            break;
                        case MarkedContentRef mc:
                            b.Append("<</Type/MCR/Pg ");
                            Ref(b, pageNumbers[mc.Page]);
                            b.Append("/MCID ").Append(mc.Mcid.ToString(CultureInfo.InvariantCulture)).Append(">>");
                            break;
                        case AnnotationRef a:
                            b.Append("<</Type/OBJR/Obj ");
                            Ref(b, a.Annotation.Reference!.ObjectNumber);
                            b.Append("/Pg ");
                            Ref(b, pageNumbers[a.Page]);
                            b.Append(">>");
                            break;
                    }
                }
                if (element.Kids.Count > 1) b.Append(']');
            }
            b.Append(">>");
            objects.Add(b.ToString());
        }

        var root = new StringBuilder("<</Type/StructTreeRoot/K ");
        Ref(root, tagger.Document.Number);
        root.Append("/ParentTree ");
        Ref(root, parentTree);
        root.Append("/ParentTreeNextKey ").Append((tagger.Parents.Count + tagger.Annotations.Count).ToString(CultureInfo.InvariantCulture)).Append(">>");
        return new PdfFinisher.ExtraObjects(new Dictionary<int, string> { [rootNumber] = root.ToString() }, objects);
    }

    private static void Ref(StringBuilder b, int number) => b.Append(number.ToString(CultureInfo.InvariantCulture)).Append(" 0 R");

    private static string Num(double value) => Math.Round(value, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>
    /// A text string (ISO 32000-1 §7.9.2.2): PDFDocEncoding when the text is printable ASCII, UTF-16BE with its byte order
    /// mark otherwise; a literal string, with '(', ')', '\' and bytes outside printable ASCII escaped. The file is read as
    /// Latin-1, one char per byte.
    /// </summary>
    internal static void Text(StringBuilder b, string text)
    {
        var ascii = true;
        foreach (var c in text)
            if (c is < ' ' or > '~') { ascii = false; break; }
        b.Append('(');
        if (ascii)
        {
            foreach (var c in text) Byte(b, (byte)c);
        }
        else
        {
            Byte(b, 0xFE);
            Byte(b, 0xFF);
            foreach (var c in text)
            {
                Byte(b, (byte)(c >> 8));
                Byte(b, (byte)c);
            }
        }
        b.Append(')');
    }

    private static void Byte(StringBuilder b, byte value)
    {
        if (value is (byte)'(' or (byte)')' or (byte)'\\') b.Append('\\').Append((char)value);
        else if (value is < 0x20 or > 0x7E) b.Append('\\').Append(Convert.ToString(value, 8).PadLeft(3, '0'));
        else b.Append((char)value);
    }
}
