using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace NPS.Quality.Access;

public enum UsersAction
{
    list,
    add,
}

public sealed class UsersInput : NetCoreInput
{
    [Description("list: every user; add: create a user and print its token once")]
    public UsersAction Action { get; set; } = UsersAction.list;

    [Description("The user's name (add)")]
    public string NameFlag { get; set; } = "";

    [Description("admin, auditor, quality_lead or site_manager (add)")]
    public string RoleFlag { get; set; } = "";

    [Description("The site of a quality_lead or site_manager (add)")]
    public string SiteFlag { get; set; } = "";
}

[Description("Lists the users or adds one: users list, or users add --name N --role R --site S (site for quality_lead and site_manager only)", Name = "users")]
public sealed class UsersCommand : JasperFxAsyncCommand<UsersInput>
{
    public override async Task<bool> Execute(UsersInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        if (input.Action == UsersAction.list)
        {
            await using var query = store.QuerySession();
            foreach (var u in await query.Query<AppUser>().OrderBy(u => u.Name).ToListAsync())
                Console.WriteLine($"{u.Id}\t{u.Name}\t{u.Role.Code()}\t{u.SiteId ?? "-"}\t{(u.RevokedAt is null ? "actif" : "révoqué")}");
            return true;
        }

        await using var session = store.LightweightSession();
        session.LastModifiedBy = $"cli:{Environment.UserName}";
        var admin = host.Services.GetRequiredService<UserAdministration>();
        var (user, errors) = await admin.CreateAsync(session, input.NameFlag, input.RoleFlag,
            string.IsNullOrWhiteSpace(input.SiteFlag) ? null : input.SiteFlag, CancellationToken.None);
        if (user is null)
        {
            foreach (var e in errors) Console.Error.WriteLine($"{e.Field} : {e.Message}");
            return false;
        }
        await session.SaveChangesAsync();
        Console.WriteLine($"Utilisateur {user.Id} créé. Jeton (affiché une seule fois) :");
        Console.WriteLine(user.Token);
        return true;
    }
}
