using System.Security.Cryptography;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace NPS.Quality.Dossiers;

/// <summary>The answer to a verification: the dossier whose recorded SHA-256 the file has, or none.</summary>
public sealed record DossierVerification(bool Genuine, string Sha256, string Message, string? DossierId, string? SiteId, string? Kind,
    DateOnly? From, DateOnly? To, DateTimeOffset? AsOf, DateTimeOffset? RenderedAt);

public static class VerifyDossierEndpoint
{
    public const long MaxBytes = 50 * 1024 * 1024;

    /// <summary>
    /// POST /api/dossiers/verify with the PDF as the body (any content type): any authenticated user, since the answer
    /// reveals only the identity of the matching dossier (site, kind, period, asOf), never its content.
    /// </summary>
    [WolverinePost("/api/dossiers/verify")]
    [ProducesResponseType(typeof(DossierVerification), 200), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 413)]
    public static async Task<IResult> Post(HttpRequest request, IQuerySession session, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes)
            return Results.Problem(Problems.TooLarge("Un dossier PDF fait au plus 50 Mo.", "Fichier trop volumineux"));
        // Kestrel's own limit (30 MB by default) would refuse a genuine 50 MB dossier: this route's limit is ours, on the stream.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MaxBytes + 1;
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await request.Body.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > MaxBytes)
                return Results.Problem(Problems.TooLarge("Un dossier PDF fait au plus 50 Mo.", "Fichier trop volumineux"));
            sha.AppendData(buffer, 0, read);
        }
        if (total == 0) return Results.Problem(Problems.Invalid("body", "envoyez le fichier PDF du dossier comme corps de la requête"));

        var hash = Convert.ToHexStringLower(sha.GetHashAndReset());
        var match = await session.Query<Dossier>().Where(d => d.Sha256 == hash).OrderBy(d => d.RequestedAt).FirstOrDefaultAsync(ct);
        return Results.Ok(match is null
            ? new DossierVerification(false, hash, "Ce fichier ne correspond à aucun dossier produit par le service : il a pu être modifié.",
                null, null, null, null, null, null, null)
            : new DossierVerification(true, hash, $"Ce fichier est le dossier {match.Id}, produit sans modification.",
                match.Id, match.SiteId, match.Kind.Wire(), match.From, match.To, match.AsOf, match.RenderedAt));
    }
}
