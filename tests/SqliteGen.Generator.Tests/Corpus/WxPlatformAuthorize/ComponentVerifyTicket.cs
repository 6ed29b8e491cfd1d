// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Repository/Models/ComponentVerifyTicket.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;

namespace WxPlatformAuthorize.Repository.Models
{
    public class ComponentVerifyTicket
    {
        public long Id { get; set; }
        public string AppId { get; set; } = "";
        public string Ticket { get; set; } = "";
        public DateTime CreateTime { get; set; }
    }
}
