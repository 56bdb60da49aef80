using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Dossiers;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// The PDF of a ready dossier for the signed-in browser (the API is bearer-only): <c>GET /api/dossiers/{dossierId}/pdf</c>
/// through the same read (DossierReads.FileAsync), so the same rule (auditors, administrators, the manager of its site), the same file and file name;
/// its refusals become the French status pages (403, 404, 409 while in preparation or failed).
/// </summary>
public sealed class DossierPdfModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public async Task<IActionResult> OnGetAsync(string dossierId, CancellationToken ct)
    {
        var file = await DossierReads.FileAsync(session, Me, dossierId, ct);
        if (file.Value is { } pdf) return File(pdf.Content, "application/pdf", pdf.FileName);
        return file.Status switch
        {
            StatusCodes.Status403Forbidden => Refused(),
            StatusCodes.Status404NotFound => NotFound(),
            var status => StatusCode(status),
        };
    }
}
