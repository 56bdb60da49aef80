using NPS.Quality.Compliance;
using NPS.Quality.Dossiers;
using NPS.Quality.Pdf;
using NPS.Quality.Referentials;
using Shouldly;

namespace NPS.Quality.Tests.Dossiers;

/// <summary>The pure part: snapshot + template → document → PDF, without a database.</summary>
public sealed class when_composing_a_dossier
{
    [Fact]
    public void the_shipped_templates_are_valid()
    {
        var templates = TypicalDossier.Templates();
        templates.For(DossierKind.Internal).Sections.Select(s => s.Key).ShouldContain("sample_annex");
        templates.For(DossierKind.Afnor).Sections.Select(s => s.Key).ShouldNotContain("sample_annex");
        templates.For(DossierKind.Afnor).Sha256.Length.ShouldBe(64);
    }

    [Fact]
    public void a_template_with_an_unknown_section_or_personal_data_in_afnor_is_refused_with_its_line()
    {
        var (template, errors) = DossierTemplate.Parse("t.yaml", """
            kind: afnor
            title: T
            subject: S
            sections:
              - key: cover
              - key: sumary
                title: Synthèse
              - key: sample_annex
                title: Annexe
            """);
        template.ShouldBeNull();
        errors.ShouldContain(e => e.StartsWith("t.yaml:6:") && e.Contains("section inconnue « sumary »"));
        errors.ShouldContain(e => e.StartsWith("t.yaml:8:") && e.Contains("interdite dans un dossier afnor"));
        errors.ShouldContain(e => e.Contains("la section « summary » est obligatoire"));
    }

    [Fact]
    public void a_bad_template_file_stops_the_start_with_every_error()
    {
        var dir = Directory.CreateTempSubdirectory("nps-templates-");
        try
        {
            File.Copy(TypicalDossier.RepoFile("templates", DossierTemplates.InternalFile), Path.Combine(dir.FullName, DossierTemplates.InternalFile));
            File.WriteAllText(Path.Combine(dir.FullName, DossierTemplates.AfnorFile), "kind: afnor\ntitle: T\nsubject: S\ncouleur: bleu\nsections:\n  - key: cover\n");
            var error = Should.Throw<InvalidOperationException>(() => DossierTemplates.Load(dir.FullName));
            error.Message.ShouldContain("templates/dossier-afnor.yaml:4:1 : clé inconnue « couleur »");
            error.Message.ShouldContain("la section « summary » est obligatoire");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void the_file_name_carries_the_paris_date_of_the_snapshot()
        => new Dossier { Kind = DossierKind.Afnor, SiteId = "paris-11", AsOf = new DateTimeOffset(2018, 1, 14, 23, 30, 0, TimeSpan.Zero) }
            .FileName().ShouldBe("dossier-afnor-paris-11-2018-01-15.pdf");

    [Fact]
    public void the_histogram_puts_a_delay_equal_to_the_threshold_left_of_the_line()
    {
        var (bars, line) = DossierContent.Histogram([0m, 3m, 4m, 20m, 21m, 95m], 20m, DelayUnit.Minutes);
        line.ShouldBe(20);
        bars[0].ShouldBe(new Bar(0, 4, 3));                  // 0, 3 and 4 are in (0, 4]
        bars.Single(b => b.To == 20).Value.ShouldBe(1);       // 20 is within the threshold
        bars.Single(b => b.From == 20).Value.ShouldBe(1);     // 21 is not
        bars.Sum(b => b.Value).ShouldBe(6);
        bars.Count.ShouldBeLessThanOrEqualTo(40);
        bars[^1].To.ShouldBeGreaterThanOrEqualTo(95);
    }

    [Fact]
    public void french_dates_and_periods()
    {
        DossierContent.Date(new DateOnly(2018, 1, 1)).ShouldBe("1er janvier 2018");
        DossierContent.Date(new DateOnly(2018, 2, 15)).ShouldBe("15 février 2018");
        DossierContent.PeriodLabel(new DateOnly(2017, 10, 1), new DateOnly(2017, 10, 31)).ShouldBe("octobre 2017");
        DossierContent.PeriodLabel(new DateOnly(2017, 10, 2), new DateOnly(2017, 10, 20)).ShouldBe("du 2 octobre 2017 au 20 octobre 2017");
        DossierContent.Instant(new DateTimeOffset(2018, 1, 15, 10, 30, 0, TimeSpan.Zero)).ShouldBe("15 janvier 2018 à 11 h 30 (heure de Paris)");
        DossierContent.Percent(0.9333).ShouldBe("93,3 %");
    }

    [Fact]
    public void the_same_snapshot_renders_to_the_same_bytes()
    {
        var first = PdfRenderer.Render(TypicalDossier.Model("afnor"));
        var second = PdfRenderer.Render(TypicalDossier.Model("afnor"));
        second.Sha256.ShouldBe(first.Sha256);
        second.Bytes.ShouldBe(first.Bytes);
        TypicalDossier.Snapshot("afnor").DataHash().ShouldBe(TypicalDossier.Snapshot("internal").DataHash());
    }

    [Fact]
    public void both_dossiers_show_every_engagement_verdict_finding_and_action()
    {
        var snapshot = TypicalDossier.Snapshot("internal");
        var compliance = snapshot.Compliance(TypicalDossier.Site(snapshot.Referential));
        foreach (var kind in new[] { "internal", "afnor" })
        {
            var pdf = new DossierReading(PdfRenderer.Render(TypicalDossier.Model(kind)).Bytes);
            var text = pdf.Text;
            foreach (var e in compliance.Engagements)
            {
                pdf.HasWord(e.Code).ShouldBeTrue($"{kind}: {e.Code}");
                foreach (var i in e.Indicators)
                {
                    pdf.Bookmarks.ShouldContain(b => b.StartsWith(i.Code), $"{kind}: bookmark {i.Code}");
                    text.ShouldContain(i.VerdictLabel);
                }
            }
            text.ShouldContain("Jugé par audit");
            foreach (var f in snapshot.Audit!.Findings) text.ShouldContain(f.Statement, customMessage: kind);
            text.ShouldContain("responsable de l'accueil");
            text.ShouldContain("Fiche d'écart FE-03");
            text.ShouldContain(snapshot.DataHash());
            pdf.Bookmarks.ShouldContain(b => b.Contains("Reproductibilité"));
            for (var p = 2; p <= pdf.Pages; p++) pdf.HasFooter(p).ShouldBeTrue($"{kind}: footer of page {p}");
            pdf.WordsByPage[0].ShouldNotContain("Page");
            pdf.Title.ShouldContain("Service social du 11e arrondissement");
        }
    }

    [Fact]
    public void the_afnor_dossier_names_no_recorder_and_keeps_no_comment()
    {
        var afnor = new DossierReading(PdfRenderer.Render(TypicalDossier.Model("afnor")).Bytes);
        afnor.HasWord("Rousseau").ShouldBeFalse();
        afnor.Text.ShouldNotContain("Affluence du lundi matin");
        afnor.Text.ShouldNotContain("P11-2017-00-0001");

        var internalDossier = new DossierReading(PdfRenderer.Render(TypicalDossier.Model("internal")).Bytes);
        internalDossier.HasWord("Rousseau").ShouldBeTrue();
        internalDossier.Text.ShouldContain("Affluence du lundi matin");
        internalDossier.Text.ShouldContain("saisie en double");
        internalDossier.HasWord("P11-2017-00-0001").ShouldBeTrue();
    }

    [Fact]
    public void an_internal_dossier_with_10000_samples_attaches_the_full_list_as_csv_with_its_hash()
    {
        var model = TypicalDossier.Model("internal", samplesPerIndicator: 1250);
        var result = PdfRenderer.Render(model);
        var pdf = new DossierReading(result.Bytes);
        pdf.Pages.ShouldBe(result.PageCount);
        pdf.Pages.ShouldBeLessThan(40); // was 160 pages of 6 pt, then 134 of comments
        pdf.HasFooter(pdf.Pages).ShouldBeTrue();

        using var document = UglyToad.PdfPig.PdfDocument.Open(result.Bytes);
        document.Advanced.TryGetEmbeddedFiles(out var files).ShouldBeTrue();
        var csv = files!.Single();
        csv.Name.ShouldBe("echantillons-paris-11-2017-12-01-2017-12-31.csv");
        var lines = System.Text.Encoding.UTF8.GetString(csv.Bytes.ToArray()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("identifiant;indicateur;date;debut;fin;delai;unite;methode;methode_libelle;saisi_par");
        lines.Length.ShouldBe(10_001);
        lines.Skip(1).Select(l => l.Split(';')[0]).Distinct().Count().ShouldBe(10_000);
        lines.ShouldContain(l => l.Contains("Affluence du lundi matin") && l.Contains("Camille Rousseau"));

        // The printed annex names the file and its SHA-256, which is the hash of the attached bytes.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(csv.Bytes.ToArray()));
        pdf.HasWord(sha).ShouldBeTrue();
        pdf.Text.ShouldContain("Total 10 000"); // the table of subtotals, printed
    }

    [Fact]
    public void the_annex_groups_samples_by_indicator_with_french_labels_and_comments_in_a_column()
    {
        var snapshot = TypicalDossier.Snapshot("internal");
        var result = PdfRenderer.Render(TypicalDossier.Model("internal"));
        var pdf = new DossierReading(result.Bytes);
        using var document = UglyToad.PdfPig.PdfDocument.Open(result.Bytes);

        document.Advanced.TryGetEmbeddedFiles(out var files);
        (files ?? []).ShouldBeEmpty(); // 360 samples: printed, not attached
        foreach (var code in new[] { "auto_mesure", "journal_courrier", "file_attente" }) pdf.HasWord(code).ShouldBeFalse(code);
        pdf.Text.ShouldContain("Auto-mesure par le personnel");
        foreach (var indicator in snapshot.Referential.Indicators)
            pdf.Bookmarks.Count(b => b.StartsWith(indicator.Code + " ")).ShouldBe(2, indicator.Code); // its section and its annex group
        pdf.Text.ShouldContain("Sous-total");
        pdf.Text.ShouldNotContain("Annexe : commentaires internes Identifiant"); // no second list of comments

        // Annex pages: nothing under 8 pt but superscripts, and no "00:00" time on day-based samples.
        var annexStart = pdf.WordsByPage.FindLastIndex(w => string.Join(" ", w).Contains("Annexe : échantillons de la période")); // not the contents
        annexStart.ShouldBeGreaterThan(0);
        for (var p = annexStart + 1; p <= pdf.Pages; p++)
        {
            var page = document.GetPage(p);
            page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value) && l.Location.Y > 62 && l.Location.Y < page.Height - 62)
                .ShouldAllBe(l => l.PointSize >= 8 || (l.Value == "e" || l.Value == "r"));
        }
        pdf.Words.ShouldNotContain("00:00");
    }
}
