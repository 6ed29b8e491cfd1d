// Corpus look-alike of a console table browser (find_string hit 70875293001):Program.cs: the SQLite pattern kept, names and bodies rewritten, nothing copied.
using System;
using System.Data.SQLite;

string[] tableID = { "Students", "Courses", "Grades" };

SQLiteConnection CreateConnection()
{
    var conn = new SQLiteConnection("Data Source=school.db; Version = 3; New = True; Compress = True;");
    conn.Open();
    return conn;
}

void ViewTable(int id)
{
    SQLiteConnection conn = CreateConnection();
    SQLiteCommand cmd = new SQLiteCommand("SELECT * from " + tableID[id], conn);
    SQLiteDataReader result = cmd.ExecuteReader();
    while (result.Read())
        Console.WriteLine(result[0]);
    conn.Close();
}

void AddStudent(string name, int year)
{
    SQLiteConnection conn = CreateConnection();
    SQLiteCommand cmd = conn.CreateCommand();
    cmd.CommandText = "INSERT INTO Students (Name, Year) VALUES ('" + name + "', " + year + ")"; // expect: SQLG301
    cmd.ExecuteNonQuery();
    conn.Close();
}

void DeleteAll()
{
    SQLiteConnection conn = CreateConnection();
    new SQLiteCommand("DELETE FROM Grades", conn).ExecuteNonQuery();
    conn.Close();
}

ViewTable(0);
AddStudent(args.Length > 0 ? args[0] : "Ann", 2);
DeleteAll();
