// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Models/User.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace SWM.Core.Models
{
    public class User
    {
        public int UserID { get; set; }
        public string UserName { get; set; } = "";
        public string PasswordHash { get; set; } = "";
        public string Role { get; set; } = "Clerk";
    }
}
