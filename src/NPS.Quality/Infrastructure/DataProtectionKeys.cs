using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// One ASP.NET Core Data Protection key, as stored in PostgreSQL. The session cookie and the pages' antiforgery tokens are
/// sealed with these keys: kept in the database that every node shares, a cookie issued by one node opens on any other
/// (by default each machine keeps its own keys in ~/.aspnet, and a user signed in on node A would be signed out on node B).
/// </summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";
    public string Xml { get; set; } = "";
}

/// <summary>The key ring's storage in Marten (documents <see cref="DataProtectionKey"/>); keys are only ever added.</summary>
public sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
{
    // The interface is synchronous; it is called when the key ring is loaded or a key is created (every few months).
    public IReadOnlyCollection<XElement> GetAllElements() => Task.Run(async () =>
    {
        await using var session = store.QuerySession();
        return (await session.Query<DataProtectionKey>().ToListAsync()).Select(k => XElement.Parse(k.Xml)).ToList();
    }).GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) => Task.Run(async () =>
    {
        await using var session = store.LightweightSession();
        session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        await session.SaveChangesAsync();
    }).GetAwaiter().GetResult();
}

public static class DataProtectionKeys
{
    /// <summary>Every node of the service reads and writes the same key ring, in the shared database.</summary>
    public static IServiceCollection AddSharedDataProtection(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("NPS.Quality");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new MartenXmlRepository(sp.GetRequiredService<IDocumentStore>())));
        return services;
    }
}
