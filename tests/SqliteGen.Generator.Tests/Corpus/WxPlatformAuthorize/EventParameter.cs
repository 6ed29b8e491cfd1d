// Corpus look-alike of cashtony/WxPlatformAuthorize:WxPlatformAuthorize.Service/Models/EventParameter.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
namespace WxPlatformAuthorize.Service.Models
{
    public class EventParameter
    {
        public string Signature { get; set; } = "";
        public string Timestamp { get; set; } = "";
        public string Nonce { get; set; } = "";
        public string EncryptType { get; set; } = "aes";
        public string MsgSignature { get; set; } = "";
        public string Body { get; set; } = "";
    }
}
