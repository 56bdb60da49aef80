using NPS.Quality.Dossiers;
using NPS.Quality.Pdf;
using Shouldly;

namespace NPS.Quality.Tests.Dossiers;

/// <summary>
/// Both dossiers of the typical snapshot (an audit concluded "favourable subject to the lifting of the major NCs", revision 2),
/// rendered and read back with PdfPig, as an AFNOR lead auditor would read them.
/// </summary>
public sealed class when_a_certifier_reads_the_dossier
{
    private static DossierReading Read(string kind)
    {
        var bytes = PdfRenderer.Render(TypicalDossier.Model(kind)).Bytes;
        if (Environment.GetEnvironmentVariable("NPS_DOSSIERS_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, $"typique-{kind}.pdf"), bytes);
        }
        return new DossierReading(bytes);
    }

    private static string PageText(DossierReading pdf, int page) => string.Join(' ', pdf.WordsByPage[page - 1]);

    [Theory]
    [InlineData("afnor", "QP-PARIS-11-AFNOR-2017-12-R2")]
    [InlineData("internal", "QP-PARIS-11-INT-2017-12-R2")]
    public void every_page_after_the_cover_carries_the_reference_the_issue_date_and_page_x_of_y(string kind, string reference)
    {
        var pdf = Read(kind);
        for (var p = 2; p <= pdf.Pages; p++)
        {
            PageText(pdf, p).ShouldContain($"Réf. {reference} — émis le 15 janvier 2018", customMessage: $"page {p}");
            pdf.HasFooter(p).ShouldBeTrue($"page {p}");
        }
        var cover = PageText(pdf, 1);
        cover.ShouldContain($"Référence {reference}");
        cover.ShouldContain("Révision 2 (remplace la révision 1)");
        cover.ShouldContain("Date d'émission 15 janvier 2018");
        cover.ShouldContain("Liste de diffusion");
        cover.ShouldContain("Confidentialité");
    }

    [Fact]
    public void the_afnor_cover_names_its_readers_and_its_confidentiality()
    {
        var cover = PageText(Read("afnor"), 1);
        cover.ShouldContain("AFNOR Certification — auditeur responsable");
        cover.ShouldContain("Document confidentiel, remis à AFNOR Certification");
    }

    [Theory]
    [InlineData("afnor")]
    [InlineData("internal")]
    public void the_findings_open_on_a_summary_by_category_and_engagement_with_non_evalue(string kind)
    {
        var text = Read(kind).Text;
        text.ShouldContain("Synthèse des constats par catégorie et par engagement (8 constats au total)");
        text.ShouldContain("Engagement NC maj. NC min. PS PV PP PF Conf. Évaluation");
        // ACC-02 carries the major NC; RDV-02 was not looked at.
        text.ShouldContain("ACC-02 1 — — — — — — évalué");
        text.ShouldContain("RDV-02 — — — — — — — non évalué");
        text.ShouldContain("Total 1 2 1 1 1 1 1 8 / 11");
        text.ShouldNotContain("aucun constat");
    }

    [Fact]
    public void the_internal_dossier_lists_the_points_to_examine()
    {
        var text = Read("internal").Text;
        text.ShouldContain("Points à examiner");
        text.ShouldContain("mais aucune non-conformité n'est relevée sur l'engagement");
        Read("afnor").Text.ShouldNotContain("Points à examiner");
    }

    [Theory]
    [InlineData("afnor")]
    [InlineData("internal")]
    public void the_deviation_sheets_are_numbered_and_carry_the_certifiers_fields(string kind)
    {
        var pdf = Read(kind);
        var text = pdf.Text;
        foreach (var sheet in new[] { "FE-01", "FE-02", "FE-03" }) pdf.Bookmarks.ShouldContain(b => b.StartsWith($"Fiche d'écart {sheet}"), sheet);
        text.ShouldContain("Numéro FE-01 Classement Non-conformité majeure Engagement ACC-02");
        text.ShouldContain("Exigence");
        text.ShouldContain("échantillons P11-2017-00-0003, P11-2017-00-0007");
        text.ShouldContain("Analyse des causes Aucun agent n'était chargé de relever et d'afficher le temps d'attente.");
        text.ShouldContain("Correction immédiate faite le 5 janvier 2018 : Affichage manuel du temps d'attente le jour même.");
        text.ShouldContain("Action FE-01-1 Afficher les délais d'attente");
        text.ShouldContain("Vérification de l'efficacité le 8 janvier 2018 par Louis Petit : non efficace");
        text.ShouldContain("reste ouverte — affichage non mis à jour le samedi");
        text.ShouldContain("Vérification de l'efficacité le 12 janvier 2018 par Louis Petit : efficace");
        text.ShouldContain("Prise de connaissance par le site : Claire Dubois, responsable de site, le 6 janvier 2018");
        // The action plan refers to the sheets.
        text.ShouldContain("Fiche FE-01 (NC");
        text.ShouldNotContain("NC majeure ACC-02");
    }

    [Theory]
    [InlineData("afnor")]
    [InlineData("internal")]
    public void the_closing_statement_follows_the_label_rules_and_ends_on_signatures(string kind)
    {
        var text = Read(kind).Text;
        text.ShouldContain("Avis de l'audit avis favorable sous réserve de la levée des NC majeures");
        text.ShouldContain("Le label n'est pas accordé tant que la non-conformité majeure de la fiche d'écart n° FE-01 n'est pas levée sur preuve. " +
            "Délai de levée : au plus tard le 14 avril 2018.");
        text.ShouldNotContain("avis favorable avec réserves");
        text.ShouldContain("Signatures Qualité Nom Date Signature Auditeur responsable Anne Martin");
        text.ShouldContain("Représentant du site Claire Dubois, responsable de site");
    }

    [Theory]
    [InlineData("afnor")]
    [InlineData("internal")]
    public void no_developer_vocabulary_is_printed(string kind)
    {
        var text = Read(kind).Text;
        PlainLanguage.FoundIn(text).ShouldBeEmpty();
        text.ShouldNotContain("dossier-afnor");
        text.ShouldNotContain("dossier-interne");
    }

    [Fact]
    public void the_forbidden_words_are_found_as_words()
    {
        PlainLanguage.FoundIn("un nouveau fichier YAML, sans changement de code").ShouldBe(["YAML", "sans changement de code", "changement de code"]);
        PlainLanguage.FoundIn("POST /api/dossiers/verify").ShouldBe(["API", "POST", "/api/"]);
        PlainLanguage.FoundIn("les gestes de l'accueil ; l'apiculture").ShouldBeEmpty();
        PlainLanguage.Sentences("Référentiel ILLUSTRATIF. Un référentiel réel le remplace en publiant un nouveau fichier YAML, sans changement de code.")
            .ShouldBe("Référentiel ILLUSTRATIF.");
    }

    [Theory]
    [InlineData("afnor")]
    [InlineData("internal")]
    public void the_audit_plan_prints_the_agenda_and_the_sampling_plan_with_achieved_figures(string kind)
    {
        var text = Read(kind).Text;
        text.ShouldContain("Agenda de l'audit");
        foreach (var cell in new[] { "Date Horaire Lieu visité Fonctions", "8 janvier 2018 09:00 – 10:30 accueil du public", "agent d'accueil", "14:00 – 16:00", "réunion de clôture" })
            text.ShouldContain(cell);
        text.ShouldContain("Plan d'échantillonnage");
        text.ShouldContain("Prévu Minimum Obtenu Tirage Écart");
        // ACC-01-ATTENTE: 50 planned, 30 minimum, 43 counted — the gap is named (its cell may wrap).
        text.ShouldContain("50 30");
        text.ShouldContain("43 tirage au hasard");
        text.ShouldContain("obtenu sous");
    }
}
