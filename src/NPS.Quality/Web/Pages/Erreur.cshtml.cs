using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NPS.Quality.Web.Pages;

/// <summary>The French page of an error status (the status code itself is kept: a refused page answers 403).</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
public sealed class ErreurModel : PageModel
{
    public string Title { get; private set; } = "";
    public string Text { get; private set; } = "";

    public void OnGet(int code) => (Title, Text) = code switch
    {
        403 => ("Accès refusé", "Votre rôle ne vous donne pas accès à cette page ou à ce site."),
        404 => ("Page introuvable", "Cette page, ce site ou cet audit n'existe pas."),
        409 => ("Pas encore disponible", "Ce dossier est encore en préparation, ou sa production a échoué : revenez à la page du site et actualisez-la."),
        400 => ("Requête invalide", "La demande n'a pas pu être comprise (formulaire expiré ? rechargez la page)."),
        _ => ("Erreur", "Une erreur est survenue. Réessayez dans un instant."),
    };

    public void OnPost(int code) => OnGet(code);
}
