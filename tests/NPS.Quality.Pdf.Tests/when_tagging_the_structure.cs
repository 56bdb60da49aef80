using UglyToad.PdfPig.Actions;
using UglyToad.PdfPig.Annotations;
using UglyToad.PdfPig.Tokens;

namespace NPS.Quality.Pdf.Tests;

/// <summary>The logical structure a screen reader follows (tagged PDF, ISO 32000-1 §14.8).</summary>
public class when_tagging_the_structure
{
    [Fact]
    public void marks_the_document_as_tagged_with_a_structure_tree()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));

        pdf.Get<BooleanToken>(pdf.Get<DictionaryToken>(pdf.Catalog(), "MarkInfo"), "Marked").Data.ShouldBeTrue();
        var tree = Structure.Read(pdf);
        tree.Role.ShouldBe("StructTreeRoot");
        tree.Kids.Single().Role.ShouldBe("Document");
        tree.Find("Document").Single().Lang.ShouldBeNull(); // the catalog's /Lang (fr-FR) applies
    }

    [Fact]
    public void gives_headings_their_level_in_document_order()
    {
        var model = Samples.Dossier();
        using var pdf = PdfReading.Open(PdfRenderer.Render(model));
        var tree = Structure.Read(pdf);

        var headings = tree.All().Where(e => e.Role is "H1" or "H2" or "H3").Select(e => e.Role).ToList();
        // "Sommaire" is the contents' own H1, then the model's headings in order.
        headings.ShouldBe(["H1", .. model.Blocks.OfType<Heading>().Select(h => $"H{h.Level}")]);
    }

    [Fact]
    public void tags_paragraphs_tables_with_header_cells_lists_and_the_contents()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));
        var tree = Structure.Read(pdf);

        tree.Find("P").Count.ShouldBeGreaterThan(5);
        var table = tree.Find("Table").Single();
        table.Kids.Select(k => k.Role).ShouldBe(["THead", "TBody"]);
        var header = table.Kids[0].Kids.Single();
        header.Kids.Select(k => k.Role).ShouldBe(Enumerable.Repeat("TH", 6));
        header.Kids.ShouldAllBe(th => th.Scope == "Column");
        table.Kids[1].Kids.Count.ShouldBe(120);
        table.Kids[1].Kids.ShouldAllBe(tr => tr.Role == "TR" && tr.Kids.Count == 6 && tr.Kids.All(td => td.Role == "TD"));

        // Key–value lists are lists: one item per pair, the key as its label.
        var list = tree.Find("L").First();
        list.Kids.ShouldAllBe(li => li.Role == "LI" && li.Kids.Select(k => k.Role).SequenceEqual(new[] { "Lbl", "LBody" }));

        var toc = tree.Find("TOC").Single();
        toc.Kids.Skip(1).ShouldAllBe(item => item.Role == "TOCI" && item.Kids.Single().Role == "Link");
    }

    [Fact]
    public void gives_the_chart_a_figure_with_its_text_equivalent()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([Samples.Histogram()])));
        var figure = Structure.Read(pdf).Find("Figure").Single();

        figure.Alt.ShouldNotBeNull();
        figure.Alt.ShouldContain("Répartition des délais de réponse");
        figure.Alt.ShouldContain("Seuil : 8 j");
        figure.Alt.ShouldContain("de 4 à 5 : 40");
    }

    [Fact]
    public void takes_the_running_header_footer_and_rules_out_of_the_reading_order()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));
        var page = pdf.GetPage(3);

        var contents = page.GetMarkedContents();
        var artifactText = string.Concat(contents.Where(m => m.IsArtifact).SelectMany(m => m.Letters).Select(l => l.Value)).Replace(" ", "");
        artifactText.ShouldContain($"Page3/{pdf.NumberOfPages}");
        artifactText.ShouldContain("Dossierinterne—Paris11");
        // Every other letter on the page belongs to a tagged element.
        var tagged = contents.Where(m => !m.IsArtifact).Sum(m => m.Letters.Count);
        (tagged + contents.Where(m => m.IsArtifact).Sum(m => m.Letters.Count)).ShouldBe(page.Letters.Count);
        contents.Where(m => !m.IsArtifact).ShouldAllBe(m => m.MarkedContentIdentifier >= 0);
    }

    [Fact]
    public void makes_every_contents_entry_a_link_to_its_heading()
    {
        var model = Samples.Dossier(tableRows: 300);
        var result = PdfRenderer.Render(model);
        using var pdf = PdfReading.Open(result);

        var links = pdf.GetPage(2).GetAnnotations().Where(a => a.Type == AnnotationType.Link).ToList();
        var headings = model.Blocks.OfType<Heading>().ToList();
        links.Count.ShouldBe(headings.Count(h => h.Level <= 2));
        var targets = links.Select(l => ((AbstractGoToAction)l.Action!).Destination.PageNumber).ToList();
        targets.ShouldBe(headings.Select((h, i) => (h, i)).Where(x => x.h.Level <= 2).Select(x => result.HeadingPages[x.i]));
        // Each link covers its entry's line and says where it leads.
        var words = pdf.GetPage(2).Words();
        var first = words.First(w => w.Text == "Introduction");
        var (box, centre) = (links[0].Rectangle, first.BoundingBox.Centroid);
        (box.Left <= centre.X && centre.X <= box.Right && box.Bottom <= centre.Y && centre.Y <= box.Top).ShouldBeTrue();
        links[0].Content.ShouldBe($"Introduction, page {result.HeadingPages[0]}");
        links.ShouldAllBe(l => l.Flags.HasFlag(AnnotationFlags.Print));
    }
}

/// <summary>A structure element read back: role, kids, and the attributes the tests look at.</summary>
internal sealed record Structure(string Role, IReadOnlyList<Structure> Kids, string? Alt, string? Lang, string? Scope)
{
    public static Structure Read(UglyToad.PdfPig.PdfDocument pdf) => Read(pdf, pdf.Get<DictionaryToken>(pdf.Catalog(), "StructTreeRoot"));

    private static Structure Read(UglyToad.PdfPig.PdfDocument pdf, DictionaryToken element)
    {
        var role = element.Data.TryGetValue("S", out var s) ? ((NameToken)pdf.Resolve(s)).Data : "StructTreeRoot";
        var kids = new List<Structure>();
        if (element.Data.TryGetValue("K", out var k))
        {
            var resolved = pdf.Resolve(k);
            var items = resolved is ArrayToken array ? array.Data.Select(pdf.Resolve) : [resolved];
            foreach (var item in items)
                if (item is DictionaryToken child && (child.Data.ContainsKey("S")))
                    kids.Add(Read(pdf, child));
        }
        string? Text(string key) => pdf.Find<StringToken>(element, key)?.Data;
        var scope = pdf.Find<DictionaryToken>(element, "A") is { } attributes ? pdf.Find<NameToken>(attributes, "Scope")?.Data : null;
        return new Structure(role, kids, Text("Alt"), Text("Lang"), scope);
    }

    public IEnumerable<Structure> All() => Kids.SelectMany(k => k.All().Prepend(k));

    public List<Structure> Find(string role) => All().Where(e => e.Role == role).ToList();
}
