// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/UserRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class UserRepository : BaseRepository
    {
        public UserRepository(string connectionString) : base(connectionString) { }

        public User? Find(string userName)
        {
            using var reader = ExecuteReader("SELECT UserID, UserName, PasswordHash, Role FROM Users WHERE UserName = @u", new SQLiteParameter("@u", userName));
            return reader.Read() ? new User { UserID = reader.GetInt32(0), UserName = reader.GetString(1), PasswordHash = reader.GetString(2), Role = reader.GetString(3) } : null;
        }

        public int ChangeRole(int userId, string role) =>
            ExecuteNonQuery("UPDATE Users SET Role = @r WHERE UserID = @id", new SQLiteParameter("@r", role), new SQLiteParameter("@id", userId));
    }
}
