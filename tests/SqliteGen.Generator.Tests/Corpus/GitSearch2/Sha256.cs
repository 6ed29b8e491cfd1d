// Corpus look-alike of toddlang/GitSearch2:src/GitSearch2.Shared/Sha256.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Security.Cryptography;
using System.Text;

namespace GitSearch2.Shared
{
    public static class Sha256
    {
        public static string Of(string text)
        {
            byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
            var builder = new StringBuilder(hash.Length * 2);
            foreach (byte b in hash)
                builder.Append(b.ToString("x2"));
            return builder.ToString();
        }
    }
}
