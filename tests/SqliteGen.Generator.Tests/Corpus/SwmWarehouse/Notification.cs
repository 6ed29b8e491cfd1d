// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/Notification.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class Notification
    {
        public int NotificationID { get; set; }
        public string Message { get; set; } = "";
        public string Level { get; set; } = "Info";
        public bool IsRead { get; set; }
        public DateTime CreatedAt { get; set; }
    }
}
