using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Wolverine.Http;
using Wolverine.Http.CodeGen;

namespace NPS.Quality.Infrastructure;

/// <summary>
/// What every API request meets before any endpoint code runs, written once:
/// <list type="bullet">
/// <item>a JSON body that is literally <c>null</c> is a French 400 naming the body (it used to reach the endpoint's
/// <c>command with { … }</c> as a NullReferenceException: 500 on every write endpoint);</item>
/// <item>a text field of the body holding a control character (<see cref="Bounds.IsForbidden"/>) is a French 400 naming
/// the field by its JSON path (<c>comment</c>, <c>[3].comment</c>), before PostgreSQL could refuse a NUL with a 500;</item>
/// <item>the same for the path and the query string (<see cref="UseQueryGuard"/>).</item>
/// </list>
/// </summary>
public sealed class BodyGuardPolicy : IHttpPolicy
{
    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(c => c.HasRequestType && c.RequestType is { } t && t != typeof(string) && !t.IsValueType))
        {
            var method = typeof(BodyGuard).GetMethod(nameof(BodyGuard.Check))!.MakeGenericMethod(chain.RequestType!);
            var call = new MethodCall(typeof(BodyGuard), method) { CommentText = "A null body or a control character: French 400" };
            chain.Middleware.InsertRange(0, [call, new MaybeEndWithResultFrame(call.ReturnVariable!)]);
        }
    }
}

public static class BodyGuard
{
    public static IResult Check<T>(T? body) where T : class
    {
        if (body is null)
            return Results.Problem(Problems.Invalid("corps",
                "le corps de la requête est null : envoyez l'objet JSON attendu (voir /openapi/v1.json)"));
        var errors = new List<FieldError>();
        Walk(body, "", errors, 0);
        return errors.Count > 0 ? Results.Problem(Problems.Invalid(errors)) : WolverineContinue.Result();
    }

    private const int MaxDepth = 16;

    private static void Walk(object? value, string path, List<FieldError> errors, int depth)
    {
        if (value is null || depth > MaxDepth || errors.Count >= 100) return;
        switch (value)
        {
            case string text:
                var at = Bounds.IndexOfControl(text);
                if (at >= 0) errors.Add(new FieldError(path.Length == 0 ? "corps" : path, Bounds.ControlMessage(text, at)));
                return;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = entry.Key.ToString() ?? "";
                    var name = Join(path, key);
                    if (Bounds.IndexOfControl(key) is var k and >= 0) errors.Add(new FieldError(name, Bounds.ControlMessage(key, k)));
                    Walk(entry.Value, name, errors, depth + 1);
                }
                return;
            case IEnumerable items:
                var i = 0;
                foreach (var item in items) Walk(item, $"{path}[{i++}]", errors, depth + 1);
                return;
        }
        var type = value.GetType();
        if (type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("NPS.Quality", StringComparison.Ordinal) != true) return;
        foreach (var (name, property) in Properties.GetOrAdd(type, Readable))
            Walk(property.GetValue(value), Join(path, name), errors, depth + 1);
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static readonly ConcurrentDictionary<Type, (string, PropertyInfo)[]> Properties = new();

    // The properties a client sends: public, readable, not [JsonIgnore] (those come from the route), named as in JSON.
    private static (string, PropertyInfo)[] Readable(Type type) => type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanRead && p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<JsonIgnoreAttribute>() is null)
        .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), p))
        .ToArray();

    /// <summary>The path and query string of an API request: no control character (any, tab and line feed included).</summary>
    public static IApplicationBuilder UseQueryGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api"))
        {
            var errors = new List<FieldError>();
            if (request.Path.Value is { } path && path.Any(char.IsControl))
                errors.Add(new FieldError("chemin", "caractère de contrôle interdit dans l'adresse"));
            foreach (var (key, values) in request.Query)
                if (key.Any(char.IsControl) || values.Any(v => v is not null && v.Any(char.IsControl)))
                    errors.Add(new FieldError(key.Any(char.IsControl) ? "requête" : key, "caractère de contrôle interdit dans le paramètre"));
            if (errors.Count > 0)
            {
                await Results.Problem(Problems.Invalid(errors)).ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    });
}
