// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Data/Repositories/NotificationRepository.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Data.SQLite;
using SWM.Core.Models;

namespace SWM.Data.Repositories
{
    public class NotificationRepository : BaseRepository
    {
        public NotificationRepository(string connectionString) : base(connectionString) { }

        public int Add(string message, string level) =>
            ExecuteNonQuery("INSERT INTO Notifications (Message, Level, IsRead, CreatedAt) VALUES (@m, @l, 0, datetime('now'))",
                new SQLiteParameter("@m", message), new SQLiteParameter("@l", level));

        public List<Notification> Unread()
        {
            var list = new List<Notification>();
            using var reader = ExecuteReader("SELECT NotificationID, Message, Level, IsRead, CreatedAt FROM Notifications WHERE IsRead = 0 ORDER BY CreatedAt DESC");
            while (reader.Read())
                list.Add(new Notification { NotificationID = reader.GetInt32(0), Message = reader.GetString(1), Level = reader.GetString(2), IsRead = reader.GetBoolean(3), CreatedAt = reader.GetDateTime(4) });
            return list;
        }

        public int MarkAllRead() => ExecuteNonQuery("UPDATE Notifications SET IsRead = 1");

        public int DeleteOlderThan(int days) =>
            ExecuteNonQuery("DELETE FROM Notifications WHERE CreatedAt < datetime('now', '-" + days + " days')"); // expect: SQLG301
    }
}
