using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Dossiers;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// The PDF of a ready dossier for the signed-in browser (the API is bearer-only): <c>GET /api/dossiers/{dossierId}/pdf</c>
/// called as is, so the same rule (auditors, administrators, the manager of its site), the same file and file name;
/// its refusals become the French status pages (403, 404, 409 while in preparation or failed).
/// </summary>
public sealed class DossierPdfModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public async Task<IActionResult> OnGetAsync(string dossierId, CancellationToken ct)
    {
        var answer = await GetDossierEndpoint.GetPdf(dossierId, session, User, ct);
        if (answer is FileContentHttpResult file)
            return File(file.FileContents.ToArray(), file.ContentType ?? "application/pdf", file.FileDownloadName);
        return EndpointAnswer.Problem(answer)?.Status switch
        {
            StatusCodes.Status403Forbidden => Refused(),
            StatusCodes.Status404NotFound => NotFound(),
            { } status => StatusCode(status),
            null => StatusCode(StatusCodes.Status500InternalServerError),
        };
    }
}
