// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.WxSDK/Models/Notification/AuthorizeEventTypes.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.WxSDK.Models.Notification
{
    public static class AuthorizeEventTypes
    {
        public const string Authorized = "authorized";
        public const string Unauthorized = "unauthorized";
        public const string UpdateAuthorized = "updateauthorized";
        public const string VerifyTicket = "component_verify_ticket";
    }
}
