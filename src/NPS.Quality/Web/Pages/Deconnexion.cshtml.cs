using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NPS.Quality.Web.Pages;

/// <summary>Sign-out is a POST (with its antiforgery token): a link from another site cannot sign anyone out.</summary>
public sealed class DeconnexionModel : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(WebSetup.CookieScheme);
        TempData["Notice"] = "Vous êtes déconnecté.";
        return Redirect(WebSetup.SignInPath);
    }
}
