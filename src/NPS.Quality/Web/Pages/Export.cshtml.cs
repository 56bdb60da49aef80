using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// The spreadsheets for the signed-in browser (the API is bearer-only): each export endpoint called as is, after the
/// same rule as its policy, so the same file, name and errors. <c>/exports/echantillons?site=&amp;from=&amp;to=&amp;format=</c>,
/// <c>/exports/modele?site=</c>, <c>/exports/conformite?site=&amp;from=&amp;to=[&amp;asOf=]&amp;format=</c>,
/// <c>/exports/conformite-groupe?from=&amp;to=&amp;format=</c>, <c>/exports/actions?[overdue=true]&amp;format=</c>.
/// Refusals become the French status pages.
/// </summary>
public sealed class ExportModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public async Task<IActionResult> OnGetAsync(string what, string? site, string? from, string? to, string? asOf, string? methods,
        string? format, bool? overdue, CancellationToken ct)
    {
        var siteId = site ?? "";
        bool SiteReader() => AccessRules.CanReadSite(Me, siteId);
        IResult answer;
        switch (what)
        {
            case "echantillons" when SiteReader():
                answer = await ExportSamplesEndpoint.Get(siteId, from, to, format, HttpContext, session, ct);
                break;
            case "modele" when SiteReader():
                answer = await GetSamplesTemplateEndpoint.Get(siteId, HttpContext, session, catalog, Clock, ct);
                break;
            case "conformite" when SiteReader():
                answer = await ExportSiteComplianceEndpoint.Get(siteId, from, to, asOf, methods, format, HttpContext, session, catalog, Clock, ct);
                break;
            case "conformite-groupe" when AccessRules.SeesEverySite(Me):
                answer = await ExportGroupComplianceEndpoint.Get(from, to, asOf, methods, format, HttpContext, session, catalog, Clock, ct);
                break;
            case "actions":
                answer = await ExportActionsEndpoint.Get(overdue, format, HttpContext, User, session, Clock, ct);
                break;
            case "echantillons" or "modele" or "conformite" or "conformite-groupe":
                return Refused();
            default:
                return NotFound();
        }
        return (answer is Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult p ? p.ProblemDetails.Status : null) switch
        {
            null => new EmptyResult(),
            StatusCodes.Status403Forbidden => Refused(),
            StatusCodes.Status404NotFound => NotFound(),
            { } status => StatusCode(status),
        };
    }
}
