using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NPS.Quality.Access;

namespace NPS.Quality.Web.Pages;

/// <summary>Sign-in with the user's API token, checked by the same lookup as the bearer scheme; then a session cookie.</summary>
public sealed class ConnexionModel(UserDirectory users) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "retour")] public string? Retour { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(string? jeton, CancellationToken ct)
    {
        var user = string.IsNullOrWhiteSpace(jeton) ? null : await users.FindByTokenAsync(jeton.Trim(), ct);
        if (user is null)
        {
            Error = "Jeton inconnu ou révoqué. Vérifiez-le ou demandez-en un nouveau à l'administrateur.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        await HttpContext.SignInAsync(WebSetup.CookieScheme, UserDirectory.PrincipalFor(user, WebSetup.CookieScheme),
            new AuthenticationProperties { IsPersistent = false });
        return LocalRedirect(Url.IsLocalUrl(Retour) ? Retour! : "/");
    }
}
