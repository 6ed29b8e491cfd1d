// Corpus look-alike of a clinic scheduling app (find_string hit 36490767653), moved from SqlClient to Microsoft.Data.Sqlite:Repositories/HorarioExameRepository.cs (pattern only): the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Collections.Generic;
using System.Linq;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Clinica.Repositories
{
    public sealed class HorariosExame
    {
        public int Id { get; set; }
        public DateTime DiaHora { get; set; }
        public decimal Valor { get; set; }
        public int IdAtendimento { get; set; }
        public int IdTipoExame { get; set; }
    }

    public static class DbConnectionFactory
    {
        public const string ConnectionString = "Data Source=clinica.db";
    }

    public class HorarioExameRepository
    {
        public void Alterar(HorariosExame entity)
        {
            using (var connection = new SqliteConnection(DbConnectionFactory.ConnectionString))
            {
                connection.Execute($"UPDATE [HorariosExame] " + // expect: SQLG301
                    $"SET Dia ='{entity.DiaHora.ToShortDateString()}', " +
                    $"Hora = '{entity.DiaHora.ToString("HH:mm")}', " +
                    $"Valor = {entity.Valor}, " +
                    $"IdAtendimento = {entity.IdAtendimento}, " +
                    $"IdTipoExame = {entity.IdTipoExame}" +
                    $" WHERE Id={entity.Id}");
            }
        }

        public void Deletar(int id)
        {
            using (var connection = new SqliteConnection(DbConnectionFactory.ConnectionString))
            {
                connection.Execute("DELETE FROM [HorariosExame] WHERE Id = @id", new { id });
            }
        }

        public List<HorariosExame> ObterPorAtendimentos(IEnumerable<int> atendimentos)
        {
            using (var connection = new SqliteConnection(DbConnectionFactory.ConnectionString))
            {
                return connection.Query<HorariosExame>("SELECT * FROM [HorariosExame] WHERE IdAtendimento IN @atendimentos", new { atendimentos }).ToList();
            }
        }

        public List<HorariosExame> ObterDoDia(DateTime dia)
        {
            using (var connection = new SqliteConnection(DbConnectionFactory.ConnectionString))
            {
                string filtro = " WHERE date(Dia) = '" + dia.ToString("yyyy-MM-dd") + "'"; // expect: SQLG301
                return connection.Query<HorariosExame>("SELECT * FROM [HorariosExame]" + filtro).ToList();
            }
        }
    }
}
