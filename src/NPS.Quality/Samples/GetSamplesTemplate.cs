using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using SpreadCheetah;
using SpreadCheetah.Styling;
using SpreadCheetah.Validations;
using SpreadCheetah.Worksheets;
using Wolverine.Http;

namespace NPS.Quality.Samples;

/// <summary>
/// <c>GET /api/sites/{siteId}/samples/template.xlsx</c>: a workbook to fill and import as is. First sheet
/// « Échantillons »: the import header, an example row (date cells), drop-down lists for the site's indicator codes and
/// the accepted methods (the referential the site follows now). Second sheet « Explications »: each column in French,
/// and the lists the drop-downs read (indicator, label, unit, methods accepted).
/// </summary>
public static class GetSamplesTemplateEndpoint
{

    [WolverineGet("/api/sites/{siteId}/samples/template.xlsx"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, HttpContext context, IQuerySession session, ReferentialCatalog catalog,
        TimeProvider clock, CancellationToken ct)
        => await SampleTemplate.WriteAsync(context, siteId, session, catalog, clock, ct) is { } refused ? Results.Problem(refused) : Results.Empty;
}

public static class SampleTemplate
{
    public const string HelpSheet = "Explications";
    private const int FilledRows = 5_000;
    /// <summary>Writes the site's template (its indicators and the accepted methods); the 404 instead for an unknown site.</summary>
    public static async Task<ProblemDetails?> WriteAsync(HttpContext context, string siteId, IQuerySession session, ReferentialCatalog catalog,
        TimeProvider clock, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return Problems.NotFound($"Site inconnu : {siteId}.");
        var now = clock.GetUtcNow();
        var period = site.ReferentialAt(now);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct);
        if (referential is null) return Problems.NotFound($"Référentiel non publié : {period.Referential} {period.Version}.");

        var response = context.Response;
        response.ContentType = TableExport.XlsxType;
        response.Headers.ContentDisposition = $"attachment; filename=\"modele-echantillons-{siteId}.xlsx\"";
        var control = context.Features.Get<IHttpBodyControlFeature>();
        if (control is not null) control.AllowSynchronousIO = true;
        await WriteAsync(response.Body, referential, ParisTime.DateOf(now), ct);
        return null;
    }

    public static async Task WriteAsync(Stream body, ReferentialDefinition referential, DateOnly today, CancellationToken ct)
    {
        var indicators = referential.Engagements.SelectMany(e => e.Indicators).ToList();
        var methods = MeasurementMethods.Labels.Keys.Where(m => indicators.Any(i => i.Methods.Contains(m))).ToList();

        await using var book = await Spreadsheet.CreateNewAsync(body, cancellationToken: ct);
        var bold = book.AddStyle(new Style { Font = { Bold = true } });
        var instant = book.AddStyle(new Style { Format = NumberFormat.Custom("dd/mm/yyyy hh:mm") });
        var wrap = book.AddStyle(new Style { Alignment = { WrapText = true } });

        var options = new WorksheetOptions { FrozenRows = 1 };
        double[] widths = [20, 20, 18, 18, 18, 40];
        for (var i = 0; i < widths.Length; i++) options.Column(i + 1).Width = widths[i];
        await book.StartWorksheetAsync(SampleSheet.PreferredName, options, ct);
        await book.AddRowAsync(SampleHeader.Names.Select(n => new Cell(n, bold)).ToArray(), ct);

        var example = indicators.FirstOrDefault(i => !i.Unit.IsDayBased()) ?? indicators.FirstOrDefault();
        if (example is not null)
        {
            var day = today.AddDays(-1).ToDateTime(new TimeOnly(9, 0));
            await book.AddRowAsync(
            [
                new Cell("EXEMPLE-A-SUPPRIMER"), new Cell(example.Code), new Cell(day, instant), new Cell(day.AddMinutes(15), instant),
                new Cell(example.Methods.FirstOrDefault() ?? SampleRules.DefaultMethod), new Cell("Ligne d'exemple : remplacez-la par vos relevés"),
            ], ct);
        }

        // The drop-downs read the lists written on the second sheet (columns H and I), whatever their length.
        book.AddDataValidation($"B2:B{FilledRows}", DataValidation.ListValuesFromCells(HelpSheet, $"H2:H{indicators.Count + 1}"));
        book.AddDataValidation($"E2:E{FilledRows}", DataValidation.ListValuesFromCells(HelpSheet, $"I2:I{methods.Count + 1}"));

        var help = new WorksheetOptions { FrozenRows = 1 };
        help.Column(1).Width = 16;
        help.Column(2).Width = 90;
        help.Column(8).Width = 20;
        help.Column(9).Width = 20;
        help.Column(10).Width = 45;
        help.Column(11).Width = 18;
        await book.StartWorksheetAsync(HelpSheet, help, ct);
        string[][] columns =
        [
            ["identifiant", "Obligatoire. Votre identifiant de l'échantillon, unique pour le site (100 caractères au plus). Le même identifiant envoyé deux fois avec le même contenu est ignoré (doublon) ; avec un autre contenu, l'import est refusé."],
            ["indicateur", "Obligatoire. Le code de l'indicateur mesuré, choisi dans la liste (référentiel " + referential.Id + " " + referential.Version + ", colonne H)."],
            ["debut", "Obligatoire. Début de l'attente, heure de Paris : une cellule date et heure, ou le texte jj/mm/aaaa hh:mm. Une date seule (jj/mm/aaaa) pour les indicateurs en jours."],
            ["fin", "Obligatoire. Fin de l'attente (ou date de la réponse), même forme que le début ; elle ne précède pas le début."],
            ["methode", "Facultative. Comment le délai a été mesuré, choisie dans la liste (colonne I). Vide : auto_mesure quand l'indicateur l'accepte."],
            ["commentaire", "Facultatif. 1 000 caractères au plus."],
            ["", ""],
            ["Import", "Tout ou rien : une seule ligne fausse et rien n'est enregistré ; chaque erreur nomme la feuille, la ligne et la colonne. Supprimez la ligne d'exemple avant d'importer. La feuille « Échantillons » est lue (à défaut, la première) ; les lignes vides sont ignorées."],
        ];
        await book.AddRowAsync([new Cell("Colonne", bold), new Cell("Ce qu'elle contient", bold), new Cell(), new Cell(), new Cell(), new Cell(), new Cell(),
            new Cell("Indicateurs", bold), new Cell("Méthodes", bold), new Cell("Libellé de l'indicateur", bold), new Cell("Unité", bold), new Cell("Méthodes acceptées", bold)], ct);
        var rows = Math.Max(columns.Length, Math.Max(indicators.Count, methods.Count));
        for (var r = 0; r < rows; r++)
        {
            var c = r < columns.Length ? columns[r] : ["", ""];
            var i = r < indicators.Count ? indicators[r] : null;
            await book.AddRowAsync(
            [
                new Cell(c[0], bold), new Cell(c[1], wrap), new Cell(), new Cell(), new Cell(), new Cell(), new Cell(),
                T(i?.Code), T(r < methods.Count ? methods[r] : null), T(i?.Label),
                T(i is null ? null : SampleExport.UnitLabel(i.Unit.Code())), T(i is null ? null : string.Join(", ", i.Methods)),
            ], ct);
        }
        await book.FinishAsync(ct);
    }

    private static Cell T(string? text) => text is null ? new Cell() : new Cell(text);
}
