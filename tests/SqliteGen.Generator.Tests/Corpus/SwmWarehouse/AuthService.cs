// Corpus look-alike of a WinForms warehouse-management app (code search):SWM.Core/Services/AuthService.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using SWM.Core.Models;
using SWM.Data.Repositories;

namespace SWM.Core.Services
{
    public class AuthService
    {
        private readonly UserRepository _users;

        public AuthService(UserRepository users) => _users = users;

        public User? SignIn(string userName, string passwordHash)
        {
            User? user = _users.Find(userName);
            return user is not null && user.PasswordHash == passwordHash ? user : null;
        }

        public bool CanEditPrices(User user) => user.Role is "Admin" or "Manager";
    }
}
