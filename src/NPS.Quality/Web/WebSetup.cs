using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.FileProviders;
using NPS.Quality.Access;

namespace NPS.Quality.Web;

/// <summary>
/// The web pages: Razor Pages under <c>Web/Pages</c>, a session cookie that only the pages accept (the API stays
/// bearer-only), antiforgery on every form, French error pages, and the CSS served from <c>wwwroot/</c>.
/// </summary>
public static class WebSetup
{
    public const string CookieScheme = "Session";
    public const string PagePolicy = "page";
    public const string SignInPath = "/connexion";

    public static IServiceCollection AddNpsWeb(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Web/Pages";
            o.Conventions.AuthorizeFolder("/", PagePolicy);
            o.Conventions.AllowAnonymousToPage("/Connexion");
            o.Conventions.AllowAnonymousToPage("/Erreur");
            // The footer's pages (accessibility statement, legal notice, personal data) are public, as on any French public site.
            o.Conventions.AllowAnonymousToPage("/Accessibilite");
            o.Conventions.AllowAnonymousToPage("/MentionsLegales");
            o.Conventions.AllowAnonymousToPage("/DonneesPersonnelles");
        });
        services.AddAuthentication().AddCookie(CookieScheme, o =>
        {
            o.Cookie.Name = "nps_session";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = SignInPath;
            o.LogoutPath = "/deconnexion";
            o.ReturnUrlParameter = "retour";
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAuthorization(o => o.AddPolicy(PagePolicy, p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser()));
        // Accents as they are in the HTML, not as numeric entities.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "nps_csrf";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.FormFieldName = "__csrf";
        });
        return services;
    }

    /// <summary>
    /// On every request: the user must still exist and not be revoked (same few-second cache as the bearer token), and
    /// its role and site are taken afresh, so a session never outlives a revocation by more than a few seconds.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var users = context.HttpContext.RequestServices.GetRequiredService<UserDirectory>();
        var user = id is null ? null : await users.FindActiveAsync(id, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme);
            return;
        }
        context.ReplacePrincipal(UserDirectory.PrincipalFor(user, CookieScheme));
    }

    /// <summary>Static files, then French status pages for everything that is not the API (whose errors stay ProblemDetails).</summary>
    public static void UseNpsWeb(this WebApplication app)
    {
        app.UseWhen(c => !IsApi(c.Request.Path), branch => branch.UseStatusCodePagesWithReExecute("/erreur/{0}"));
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = Directory.Exists(assets) ? new PhysicalFileProvider(assets) : app.Environment.WebRootFileProvider,
            OnPrepareResponse = f => f.Context.Response.Headers.CacheControl = "public, max-age=3600",
        });
    }

    public static void MapNpsWeb(this WebApplication app) => app.MapRazorPages();

    /// <summary>
    /// Security headers on every answer (pages, API, static files, error answers), set first in the pipeline:
    /// <c>X-Content-Type-Options: nosniff</c>, <c>Referrer-Policy</c>, <c>X-Frame-Options: DENY</c>, a Content-Security-Policy
    /// without inline script or style (<c>default-src 'self'</c>; the pages use none, their charts are SVG elements styled
    /// by classes of site.css) that nobody may frame (<c>frame-ancestors 'none'</c>), and HSTS, which the package sends
    /// over HTTPS only. The API's answers are data, never documents: their CSP allows nothing at all.
    /// </summary>
    public static void UseNpsSecurityHeaders(this WebApplication app)
    {
        var pages = new HeaderPolicyCollection()
            .AddDefaultSecurityHeaders()
            .AddContentSecurityPolicy(csp =>
            {
                csp.AddDefaultSrc().Self();
                csp.AddObjectSrc().None();
                csp.AddBaseUri().Self();
                csp.AddFormAction().Self();
                csp.AddFrameAncestors().None();
            })
            .AddReferrerPolicyStrictOriginWhenCrossOrigin()
            .AddStrictTransportSecurityMaxAgeIncludeSubDomains();
        var api = new HeaderPolicyCollection()
            .AddContentTypeOptionsNoSniff()
            .AddFrameOptionsDeny()
            .AddReferrerPolicyNoReferrer()
            .AddCustomHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
            .AddStrictTransportSecurityMaxAgeIncludeSubDomains()
            .RemoveServerHeader();
        app.UseWhen(c => IsApi(c.Request.Path), branch => branch.UseSecurityHeaders(api));
        app.UseWhen(c => !IsApi(c.Request.Path), branch => branch.UseSecurityHeaders(pages));
    }

    public static bool IsApi(PathString path) => path.StartsWithSegments("/api");
}
