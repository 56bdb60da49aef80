using System.Security.Cryptography;
using System.Text;

namespace NPS.Quality.Access;

/// <summary>API tokens: 256 random bits, shown once, stored only as a SHA-256 (enough for a random secret).</summary>
public static class Tokens
{
    public const string Prefix = "npsq_";

    public static string NewToken() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewUserId() => "u-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
