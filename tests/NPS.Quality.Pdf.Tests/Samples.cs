using System.Globalization;

namespace NPS.Quality.Pdf.Tests;

/// <summary>Documents shaped like the audit dossiers, built from the layout blocks only.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset SnapshotInstant = new(2018, 1, 15, 9, 30, 0, TimeSpan.FromHours(1));

    public const string FrenchProse =
        "Le présent dossier décrit la démarche qualité du site : engagements de service, méthode d'échantillonnage, " +
        "résultats mesurés et plan d'actions correctives. « Chaque délai est mesuré à partir de la date de réception » " +
        "et les écarts sont qualifiés selon la grille de l'AFNOR. Le cœur de la démarche reste l'amélioration continue ; " +
        "les frais de déplacement s'élèvent à 120 € par visite. Ça n'empêche pas l'œil exercé de l'auditeur de vérifier chaque pièce.";

    public static DocumentModel Model(IReadOnlyList<Block> blocks, string title = "Dossier d'audit — Paris 11") => new()
    {
        Title = title,
        Author = "Mission qualité",
        Subject = "Dossier interne",
        Keywords = "NPS, qualité, audit",
        CreatedAt = SnapshotInstant,
        HeaderText = "Dossier interne — Paris 11 — du 01/01/2018 au 31/12/2018",
        Blocks = blocks,
    };

    public static Table Table(int rows, int columnsOfText = 0) => new()
    {
        Columns =
        [
            new TableColumn("Échantillon", ColumnWidth.Fixed(70)),
            new TableColumn("Indicateur", 2),
            new TableColumn("Début", ColumnWidth.Fixed(62)),
            new TableColumn("Fin", ColumnWidth.Fixed(62)),
            new TableColumn("Délai (j)", ColumnWidth.Fixed(48), TextAlignment.Right),
            new TableColumn("Saisi par", 1.4),
        ],
        Rows = Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)
        [
            $"E-{i:00000}",
            i % 7 == 0 ? "Délai de réponse aux réclamations écrites des usagers" : "Délai de réponse",
            new DateOnly(2018, 1, 1).AddDays(i % 300).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            new DateOnly(2018, 1, 1).AddDays(i % 300 + i % 9).ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
            (i % 9).ToString(CultureInfo.InvariantCulture),
            i % 5 == 0 ? "Agent d'accueil" : "Responsable qualité",
        ]).ToList(),
    };

    public static BarChart Histogram() => new()
    {
        Title = "Répartition des délais de réponse",
        XAxisTitle = "Délai (jours ouvrés)",
        YAxisTitle = "Nombre d'échantillons",
        Bars = Enumerable.Range(0, 15).Select(d => new Bar(d, d + 1, Math.Round(40 * Math.Exp(-Math.Pow(d - 4, 2) / 8)))).ToList(),
        Threshold = 8,
        ThresholdLabel = "Seuil : 8 j",
    };

    /// <summary>A cover, contents, prose, a histogram, a long table, a callout: roughly what a dossier holds.</summary>
    public static DocumentModel Dossier(int tableRows = 120) => Model(
    [
        new Spacer(180),
        new Paragraph(new TextRun("Dossier d'audit interne", Bold: true)) { FontSize = 24, Alignment = TextAlignment.Center },
        new Paragraph("Site de Paris 11 — arrondissements 11e et 12e") { FontSize = 13, Alignment = TextAlignment.Center },
        new Spacer(30),
        new KeyValueList(("Référentiel", "Qualiville v3.2"), ("Période", "du 1er janvier au 31 décembre 2018"), ("Auditeurs", "Mme Lefèvre, M. Nguyễn"), ("Généré le", "15/01/2018 à 09:30")),
        new PageBreak(),
        new TableOfContents(),
        new PageBreak(),
        new Heading("Introduction"),
        new Paragraph(FrenchProse),
        new Paragraph(new TextRun("Important : ", Bold: true), new TextRun("les échantillons annulés sont listés en annexe avec leur motif, "), new TextRun("sans exception", Italic: true), new TextRun(".")),
        new Callout
        {
            Title = "Avertissement sur l'échantillonnage",
            Tone = CalloutTone.Warning,
            Paragraphs = [new Paragraph(FrenchProse)],
        },
        new Heading("Résultats par engagement"),
        new Heading("Engagement 1 — Délai de réponse", 2),
        new KeyValueList(("Seuil", "8 jours ouvrés"), ("Cible", "90 %"), ("n", "412"), ("Part conforme", "93,4 % (IC 95 % : 90,6 – 95,4)"), ("Verdict", "Conforme")),
        Histogram(),
        new Heading("Engagement 2 — Accueil téléphonique", 2),
        new Paragraph(FrenchProse),
        new Heading("Annexe — échantillons"),
        Table(tableRows),
        new Heading("Reproductibilité"),
        new Callout { Title = "Instantané", Paragraphs = [new Paragraph("Instant : 2018-01-15T09:30:00+01:00. Empreinte des données : 3f5a9c0e7d1b24a68e0f9b7c2d4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f.")] },
    ]);
}
