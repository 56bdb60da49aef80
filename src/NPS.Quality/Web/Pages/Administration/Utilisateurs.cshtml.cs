using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Administration;

/// <summary>
/// Users, for administrators: the list (sortable), a creation form sending <see cref="CreateUser"/> whose answer shows the
/// token once (this answer only: never stored, never in a redirect, never cached), and revocation after a confirmation
/// (<see cref="RevokeUser"/>).
/// </summary>
public sealed class UtilisateursModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public static readonly string[] SortKeys = ["nom", "role", "site", "cree", "etat"];

    public IReadOnlyList<UserView> Users { get; private set; } = [];
    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public ColumnSort Sort { get; private set; } = new("nom", false);
    public (string Name, string Token)? Created { get; private set; }
    public UserView? ToRevoke { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    [BindProperty] public UserForm Form { get; set; } = new();

    public sealed class UserForm
    {
        public string? Nom { get; set; }
        public string? Role { get; set; }
        public string? Site { get; set; }
    }

    public static readonly (string Code, string Label)[] Roles =
        [.. Enum.GetValues<Role>().Select(r => (r.Code(), char.ToUpperInvariant(r.Label()[0]) + r.Label()[1..]))];

    public async Task<IActionResult> OnGetAsync(string? revoquer, CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        await LoadAsync(ct);
        if (revoquer is not null)
        {
            ToRevoke = Users.FirstOrDefault(u => u.Id == revoquer && u.RevokedAt is null);
            if (ToRevoke is null) return NotFound();
        }
        return Page();
    }

    public async Task<IActionResult> OnPostCreerAsync(CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        var role = AccessRules.ParseRole(Form.Role);
        // A site only for the site-bound roles: the form keeps its last choice, the command would refuse it for the others.
        var site = role is { } r && r.IsSiteBound() ? Form.Site : null;
        var outcome = await SendAsync<CreatedUser>(new CreateUser(Form.Nom, Form.Role, string.IsNullOrWhiteSpace(site) ? null : site));
        if (!outcome.Succeeded)
        {
            Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
            await LoadAsync(ct);
            return Page();
        }
        // The token lives in this answer only: no redirect (TempData would carry it in a cookie), no cache.
        Response.Headers.CacheControl = "no-store";
        Created = (Form.Nom!.Trim(), outcome.Value!.Token);
        Form = new();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevoquerAsync(string? userId, CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        if (string.IsNullOrWhiteSpace(userId)) return NotFound();
        var outcome = await SendAsync<UserView>(new RevokeUser(userId));
        if (!outcome.Succeeded)
        {
            Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
            await LoadAsync(ct);
            return Page();
        }
        Notice = $"Accès de {outcome.Value!.Name} révoqué : son jeton cesse de fonctionner dans les secondes qui viennent. L'utilisateur reste dans l'historique.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sites = await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct);
        Sort = ColumnSort.Of(Request, SortKeys, "nom");
        Users = Sort.Apply(await UserReads.AllAsync(session, ct), new Dictionary<string, Func<UserView, IComparable?>>
        {
            ["nom"] = u => u.Name,
            ["role"] = u => u.RoleLabel,
            ["site"] = u => u.SiteId,
            ["cree"] = u => u.CreatedAt,
            ["etat"] = u => u.RevokedAt is null ? 0 : 1,
        });
    }

    public string SiteName(string? siteId) => siteId is null ? "tous les sites" : Sites.FirstOrDefault(s => s.Id == siteId)?.Name ?? siteId;

    public static string FieldLabel(string field) => field switch
    {
        "name" => "Nom",
        "role" => "Rôle",
        "siteId" => "Site",
        _ => field,
    };
}
