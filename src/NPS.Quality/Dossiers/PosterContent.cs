using NPS.Quality.Compliance;
using NPS.Quality.Pdf;
using NPS.Quality.Shared;

namespace NPS.Quality.Dossiers;

/// <summary>
/// The results poster (<c>kind: "affiche"</c>), pure: one A4 page for the reception desk, as French public services publish
/// their results to users (Services Publics+): each measured engagement in plain French, its result as a big figure, the
/// objective and whether it is met, the month. No names, no samples, no jargon (no "Wilson", no "P90"): the share within the
/// promised delay, rounded to the unit.
/// </summary>
public static class PosterContent
{
    public static DocumentModel Compose(DossierSnapshot s, SiteCompliance c, DossierTemplate t)
    {
        var section = t.Section("poster");
        var period = DossierContent.PeriodLabel(s.From, s.To);
        var blocks = new List<Block>
        {
            new Paragraph(new TextRun(t.Title, Bold: true)) { FontSize = 30, Alignment = TextAlignment.Center, SpaceAfter = 2 },
            new Paragraph(new TextRun(s.SiteName, Bold: true)) { FontSize = 15, Alignment = TextAlignment.Center, SpaceAfter = 0 },
            new Paragraph(Capitalize(period)) { FontSize = 15, Alignment = TextAlignment.Center, SpaceAfter = 8 },
        };
        if (section is not null)
        {
            blocks.Add(new Heading(section.Title, 1));
            blocks.AddRange(section.Text.Select(p => new Paragraph(p) { FontSize = 10.5, Alignment = TextAlignment.Left }));
        }
        foreach (var e in c.Engagements.Where(e => e.Indicators.Count > 0))
        {
            blocks.Add(new Paragraph(new TextRun(e.Title, Bold: true)) { FontSize = 11.5, SpaceAfter = 0, Alignment = TextAlignment.Left, KeepWithNext = true });
            foreach (var i in e.Indicators)
            {
                var figure = i.Verdict == Verdict.InsufficientData || i.Share is null ? "—" : $"{Math.Round(i.Share.Value * 100):0} %";
                blocks.Add(new Paragraph(new TextRun(figure, Bold: true), new TextRun(figure == "—" ? "" : "  des demandes dans le délai promis"))
                    { FontSize = 20, SpaceAfter = 0, Alignment = TextAlignment.Left, KeepWithNext = true });
                blocks.Add(new Paragraph($"{i.Label} — {Sentence(i)}") { FontSize = 9, SpaceAfter = 6, Alignment = TextAlignment.Left });
            }
        }
        if (section?.Note is { } note)
            blocks.Add(new Callout { Tone = CalloutTone.Information, Paragraphs = [new Paragraph(note) { FontSize = 10.5, Alignment = TextAlignment.Left }] });
        blocks.Add(new Paragraph(new TextRun($"Résultats mesurés du {DossierContent.Date(s.From)} au {DossierContent.Date(s.To)} — document {s.Reference}, émis le {DossierContent.Date(s.IssuedOn)}.", Italic: true))
            { FontSize = 7.5, Alignment = TextAlignment.Center });

        return new DocumentModel
        {
            Title = $"{t.Title} — {s.SiteName} — {period}",
            Author = t.Author,
            Subject = t.Subject,
            Keywords = $"QualiParis, résultats, {s.SiteId}",
            CreatedAt = s.AsOf,
            Blocks = blocks,
            Page = new PageSettings { MarginTop = 36, MarginBottom = 36, MarginLeft = 50, MarginRight = 50 },
        };
    }

    /// <summary>"délai promis : 15 minutes ; notre objectif : 80 % des demandes — objectif atteint."</summary>
    public static string Sentence(IndicatorCompliance i)
    {
        var promise = $"délai promis : {i.ThresholdLabel} ; notre objectif : {Math.Round(i.Target * 100):0} % des demandes";
        return i.Verdict switch
        {
            Verdict.InsufficientData => $"pas encore assez de mesures ce mois-ci pour un résultat fiable ({promise}).",
            Verdict.NonCompliant => $"{promise} — objectif non atteint, nous agissons pour nous améliorer.",
            Verdict.AtRisk => $"{promise} — objectif atteint de justesse, nous restons vigilants.",
            _ => $"{promise} — objectif atteint.",
        };
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Fr.Culture) + s[1..];

}
