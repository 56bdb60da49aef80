using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;

using NPS.Quality.Shared;
using Wolverine;

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

        // The same command the API sends, through a started host (Wolverine's transaction, the name relayed into the metadata).
        await host.StartAsync();
        using var scope = host.Services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageContext>();
        bus.UserName = $"cli:{Environment.UserName}";
        var outcome = await bus.SendAsync<CreatedUser>(
            new CreateUser(input.NameFlag, input.RoleFlag, string.IsNullOrWhiteSpace(input.SiteFlag) ? null : input.SiteFlag), CancellationToken.None);
        await host.StopAsync();
        if (outcome.Value is not { } user)
        {
            foreach (var e in outcome.Errors) Console.Error.WriteLine($"{e.Field} : {e.Message}");
            if (outcome.Errors.Count == 0) Console.Error.WriteLine(outcome.Sentence);
            return false;
        }
        Console.WriteLine($"Utilisateur {user.Id} créé. Jeton (affiché une seule fois) :");
        Console.WriteLine(user.Token);
        return true;
    }
}
